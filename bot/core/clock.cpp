#include "bot/core/clock.hpp"

namespace jiaxiao::core {

std::int64_t to_unix_ms(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

std::int64_t Clock::now_ms() const { return to_unix_ms(now()); }

}  // namespace jiaxiao::core
