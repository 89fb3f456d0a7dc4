#include "bot/net/wakeable_loop.hpp"
#include "bot/net/spawn.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>

#include "bot/core/log.hpp"

namespace jiaxiao::net {

WakeableLoop::WakeableLoop(asio::any_io_executor executor, std::string name)
    : executor_(executor), name_(std::move(name)), timer_(executor) {}

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

awaitable<void> WakeableLoop::sleep(std::chrono::milliseconds wait) {
  if (woken_ || stopping_) co_return;
  timer_.expires_after(wait);
  co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace jiaxiao::net
