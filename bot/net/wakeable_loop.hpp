#pragma once
// A coroutine loop on an executor that can be woken early and stopped gracefully, and that a failing
// round does not end (shared/DESIGN.md rule 14): the life cycle the outbox sender and the scheduler share.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "bot/net/asio.hpp"

namespace jiaxiao::net {

/// Thread: all calls on the executor's (single) thread.
class WakeableLoop {
 public:
  /// `first_backoff`: the pause after a failed round, doubling while rounds keep failing (at most 60 s).
  WakeableLoop(asio::any_io_executor executor, std::string name,
               std::chrono::milliseconds first_backoff = std::chrono::seconds(1));

  /// Runs `body` as a coroutine; when it ends (an exception is logged with the loop's name), a pending
  /// stop completes.
  void start(std::function<awaitable<void>()> body);
  /// Ends the current sleep now; take_woken() then says so.
  void wake();
  /// Asks the body to end (it checks stopping()); `done` runs once it has ended (at once if not running).
  void stop(std::function<void()> done);
  bool stopping() const { return stopping_; }
  /// Whether wake() was called since the last call; resets it.
  bool take_woken();
  bool woken() const { return woken_; }
  /// Sleeps for `wait`, or until woken or stopped.
  awaitable<void> sleep(std::chrono::milliseconds wait);
  /// Runs one round of the body. What it throws is caught: logged (loop_failed loop=<name>), counted,
  /// and followed by a back-off pause before the next round; a round that succeeds resets the back-off.
  /// Never throws.
  awaitable<void> round(std::function<awaitable<void>()> body);
  /// Rounds that failed since start (for /metrics).
  std::uint64_t failures() const { return failures_; }
  /// When the rounds began failing, if the latest round failed (steady clock); nullopt while they succeed.
  std::optional<std::chrono::steady_clock::time_point> failing_since() const { return failing_since_; }

 private:
  asio::any_io_executor executor_;
  std::string name_;
  asio::steady_timer timer_;
  std::chrono::milliseconds first_backoff_, backoff_;
  std::uint64_t failures_ = 0;
  std::optional<std::chrono::steady_clock::time_point> failing_since_;
  bool stopping_ = false, running_ = false, woken_ = false;
  std::function<void()> on_stopped_;
};

}  // namespace jiaxiao::net
