#pragma once
// The source of "now" for everything that schedules or stamps; tests substitute a fake.

#include <chrono>
#include <cstdint>

namespace jiaxiao::core {

/// Wall-clock time source. Implementations must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current instant.
  virtual std::chrono::system_clock::time_point now() const = 0;
  /// The current instant in Unix milliseconds.
  std::int64_t now_ms() const;
};

/// The real system clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
};

/// Unix seconds from a platform as milliseconds, clamped so that no input can overflow (a hostile or
/// broken sender may send any 64-bit number).
constexpr std::int64_t seconds_to_ms(long long seconds) {
  constexpr long long limit = 9'000'000'000'000'000LL / 1000;  // far beyond any real date, far below overflow
  if (seconds > limit) seconds = limit;
  if (seconds < -limit) seconds = -limit;
  return static_cast<std::int64_t>(seconds) * 1000;
}

/// Unix milliseconds of a time point.
std::int64_t to_unix_ms(std::chrono::system_clock::time_point at);

}  // namespace jiaxiao::core
