#pragma once
// A coroutine loop on an executor that can be woken early and stopped gracefully: the life cycle the
// outbox sender and the scheduler share.

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "bot/net/asio.hpp"

namespace jiaxiao::net {

/// Thread: all calls on the executor's (single) thread.
class WakeableLoop {
 public:
  WakeableLoop(asio::any_io_executor executor, std::string name);

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

 private:
  asio::any_io_executor executor_;
  std::string name_;
  asio::steady_timer timer_;
  bool stopping_ = false, running_ = false, woken_ = false;
  std::function<void()> on_stopped_;
};

}  // namespace jiaxiao::net
