#include "bot/net/pacing.hpp"

#include <algorithm>
#include <cmath>

namespace jiaxiao::net {

void TokenBucket::refill(std::int64_t now_ms) {
  if (now_ms <= at_ms_) return;
  tokens_ = std::min(rate_.burst, tokens_ + rate_.per_minute * static_cast<double>(now_ms - at_ms_) / 60'000.0);
  at_ms_ = now_ms;
}

bool TokenBucket::available(std::int64_t now_ms) {
  if (rate_.per_minute <= 0) return true;
  refill(now_ms);
  return tokens_ >= 1.0 - 1e-9;
}

bool TokenBucket::try_take(std::int64_t now_ms) {
  if (!available(now_ms)) return false;
  if (rate_.per_minute > 0) tokens_ -= 1.0;
  return true;
}

std::int64_t TokenBucket::next_ms(std::int64_t now_ms) {
  if (available(now_ms)) return now_ms;
  const double missing = 1.0 - tokens_;
  return now_ms + static_cast<std::int64_t>(std::ceil(missing * 60'000.0 / rate_.per_minute));
}

TokenBucket& Pacer::chat_bucket(const core::ChatRef& chat, std::int64_t now_ms) {
  const std::string key = chat.platform + (chat.kind == core::ChatKind::group ? "|g|" : "|p|") + chat.id;
  auto it = chats_.find(key);
  if (it != chats_.end()) return it->second;
  Rate rate;
  if (auto pace = paces_.find(chat.platform); pace != paces_.end())
    rate = chat.kind == core::ChatKind::group ? pace->second.group : pace->second.person;
  return chats_.emplace(key, TokenBucket(rate, now_ms)).first->second;
}

TokenBucket& Pacer::platform_bucket(const std::string& platform, std::int64_t now_ms) {
  auto it = platforms_.find(platform);
  if (it != platforms_.end()) return it->second;
  Rate rate;
  if (auto pace = paces_.find(platform); pace != paces_.end()) rate = pace->second.platform;
  return platforms_.emplace(platform, TokenBucket(rate, now_ms)).first->second;
}

bool Pacer::try_send(const core::ChatRef& chat, std::int64_t now_ms) {
  TokenBucket& own = chat_bucket(chat, now_ms);
  TokenBucket& shared = platform_bucket(chat.platform, now_ms);
  if (!own.available(now_ms) || !shared.available(now_ms)) return false;
  own.try_take(now_ms);
  shared.try_take(now_ms);
  return true;
}

std::int64_t Pacer::next_ms(const core::ChatRef& chat, std::int64_t now_ms) {
  return std::max(chat_bucket(chat, now_ms).next_ms(now_ms), platform_bucket(chat.platform, now_ms).next_ms(now_ms));
}

}  // namespace jiaxiao::net
