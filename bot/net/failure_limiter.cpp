#include "bot/net/failure_limiter.hpp"

#include <iterator>

namespace jiaxiao::net {

FailureLimiter::FailureLimiter(int per_minute) : per_minute_(per_minute) {}

bool FailureLimiter::blocked(const std::string& address, std::int64_t now_ms) const {
  if (per_minute_ <= 0) return false;
  const auto it = windows_.find(address);
  return it != windows_.end() && now_ms - it->second.start_ms < window_ms && it->second.failures >= per_minute_;
}

bool FailureLimiter::record_failure(const std::string& address, std::int64_t now_ms) {
  if (per_minute_ <= 0) return false;
  if (windows_.size() >= max_tracked && windows_.find(address) == windows_.end()) {
    // Many addresses (a spread-out attack): forget the windows that are over; if none is, the oldest
    // half goes — a forgotten attacker only starts a fresh allowance.
    for (auto it = windows_.begin(); it != windows_.end();) {
      it = now_ms - it->second.start_ms >= window_ms ? windows_.erase(it) : std::next(it);
    }
    if (windows_.size() >= max_tracked) {
      std::size_t n = 0;
      for (auto it = windows_.begin(); it != windows_.end();) it = n++ % 2 == 0 ? windows_.erase(it) : std::next(it);
    }
  }
  Window& w = windows_[address];
  if (now_ms - w.start_ms >= window_ms) w = Window{now_ms, 0};
  ++w.failures;
  return w.failures == per_minute_;
}

}  // namespace jiaxiao::net
