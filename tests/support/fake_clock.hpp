#pragma once
// A clock the test sets and advances; safe to read from any thread.

#include <atomic>
#include <chrono>

#include "bot/core/clock.hpp"

namespace jiaxiao::testing {

class FakeClock final : public core::Clock {
 public:
  /// Starts at 2026-11-23T08:00:00Z unless told otherwise.
  explicit FakeClock(std::int64_t unix_ms = 1'795'420'800'000);
  std::chrono::system_clock::time_point now() const override;
  void set_ms(std::int64_t unix_ms) { now_ms_ = unix_ms; }
  void advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace jiaxiao::testing
