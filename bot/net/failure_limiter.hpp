#pragma once
// Per-address limit on failed signatures: a client that keeps sending forged or stale webhooks is
// answered 429 without the crypto for the rest of the minute, so it cannot burn CPU or fill logs.

#include <cstdint>
#include <string>
#include <unordered_map>

namespace jiaxiao::net {

/// Counts failures per client address in fixed one-minute windows. Not thread-safe: one executor.
class FailureLimiter {
 public:
  /// `per_minute` failures allowed in a window; 0 turns the limit off.
  explicit FailureLimiter(int per_minute);

  /// True when `address` has used up its failures in the window that contains `now_ms`.
  bool blocked(const std::string& address, std::int64_t now_ms) const;
  /// Counts one failure of `address`; returns true when this one used up the allowance (log it once).
  bool record_failure(const std::string& address, std::int64_t now_ms);
  /// Addresses with a window kept (bounded by max_tracked).
  std::size_t tracked() const { return windows_.size(); }
  static constexpr std::size_t max_tracked = 10'000;  // beyond this, windows are forgotten

 private:
  struct Window {
    std::int64_t start_ms = 0;
    int failures = 0;
  };
  static constexpr std::int64_t window_ms = 60'000;

  int per_minute_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace jiaxiao::net
