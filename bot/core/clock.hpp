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

/// Unix milliseconds of a time point.
std::int64_t to_unix_ms(std::chrono::system_clock::time_point at);

}  // namespace jiaxiao::core
