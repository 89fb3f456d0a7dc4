#pragma once
// An API access token kept until shortly before it expires (QQ getAppAccessToken, WeCom gettoken):
// both platforms limit how often a token may be fetched, and both may drop one early.

#include <algorithm>
#include <cstdint>
#include <string>

namespace jiaxiao::adapters {

/// Not thread-safe: used on the io executor.
class TokenCache {
 public:
  /// `margin_ms`: how long before its stated expiry a token is no longer used; `floor_ms`: the least
  /// time a token is kept however short its stated life.
  TokenCache(std::int64_t margin_ms, std::int64_t floor_ms) : margin_ms_(margin_ms), floor_ms_(floor_ms) {}

  /// The token while it is still good at `now_ms`; empty when a fresh one must be fetched.
  const std::string& current(std::int64_t now_ms) const { return now_ms < valid_until_ms_ ? token_ : none_; }
  /// Keeps a fresh token that the platform says lives `expires_in_s` seconds; returns how many seconds
  /// it will be used.
  std::int64_t store(std::string token, std::int64_t expires_in_s, std::int64_t now_ms) {
    token_ = std::move(token);
    // A day at most: a platform's word is not trusted to overflow the arithmetic.
    const std::int64_t life_ms = std::clamp<std::int64_t>(expires_in_s, 0, 86'400) * 1000;
    valid_until_ms_ = now_ms + std::max<std::int64_t>(life_ms - margin_ms_, floor_ms_);
    return (valid_until_ms_ - now_ms) / 1000;
  }
  /// Forgets the token (the platform refused it).
  void drop() {
    token_.clear();
    valid_until_ms_ = 0;
  }

 private:
  std::int64_t margin_ms_, floor_ms_;
  std::string token_;
  std::int64_t valid_until_ms_ = 0;
  const std::string none_;
};

}  // namespace jiaxiao::adapters
