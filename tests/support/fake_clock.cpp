#include "tests/support/fake_clock.hpp"

namespace jiaxiao::testing {

FakeClock::FakeClock(std::int64_t unix_ms) : now_ms_(unix_ms) {}

std::chrono::system_clock::time_point FakeClock::now() const {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(now_ms_.load()));
}

}  // namespace jiaxiao::testing
