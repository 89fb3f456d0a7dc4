#include "bot/net/wakeable_loop.hpp"
#include "bot/net/spawn.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>

#include "bot/core/log.hpp"

namespace jiaxiao::net {

WakeableLoop::WakeableLoop(asio::any_io_executor executor, std::string name, std::chrono::milliseconds first_backoff)
    : executor_(executor),
      name_(std::move(name)),
      timer_(executor),
      first_backoff_(first_backoff),
      backoff_(first_backoff) {}

void WakeableLoop::start(std::function<awaitable<void>()> body) {
  running_ = true;
  asio::co_spawn(executor_, body(), [this](std::exception_ptr e) {
    log_failure("loop_failed", e, "loop", name_);
    running_ = false;
    if (on_stopped_) {
      auto done = std::move(on_stopped_);
      on_stopped_ = nullptr;
      done();
    }
  });
}

void WakeableLoop::wake() {
  woken_ = true;
  timer_.cancel();
}

void WakeableLoop::stop(std::function<void()> done) {
  stopping_ = true;
  if (!running_) {
    done();
    return;
  }
  on_stopped_ = std::move(done);
  timer_.cancel();
}

bool WakeableLoop::take_woken() {
  const bool was = woken_;
  woken_ = false;
  return was;
}

awaitable<void> WakeableLoop::round(std::function<awaitable<void>()> body) {
  std::exception_ptr failure;
  try {
    co_await body();
  } catch (...) {
    failure = std::current_exception();  // no co_await inside a handler: handled below
  }
  if (!failure) {
    backoff_ = first_backoff_;
    failing_since_.reset();
    co_return;
  }
  ++failures_;
  if (!failing_since_) failing_since_ = std::chrono::steady_clock::now();
  log_failure("loop_failed", failure, "loop", name_, "failures", failures_, "retry_ms", backoff_.count());
  const auto pause = backoff_;
  backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, std::chrono::seconds(60));
  // A pause that wake() does not cut short: whatever failed gets its back-off.
  if (stopping_) co_return;
  timer_.expires_after(pause);
  co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
}

awaitable<void> WakeableLoop::sleep(std::chrono::milliseconds wait) {
  if (woken_ || stopping_) co_return;
  timer_.expires_after(wait);
  co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace jiaxiao::net
