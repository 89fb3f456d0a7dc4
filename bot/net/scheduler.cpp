#include "bot/net/scheduler.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>

#include "bot/core/log.hpp"

namespace jiaxiao::net {

Scheduler::Scheduler(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock,
                     std::function<std::size_t(store::Database&)> fire_due,
                     std::function<std::optional<std::int64_t>(store::Database&)> next_due,
                     std::function<void()> after_fire, std::chrono::milliseconds max_wait)
    : executor_(executor),
      worker_(worker),
      clock_(clock),
      fire_due_(std::move(fire_due)),
      next_due_(std::move(next_due)),
      after_fire_(std::move(after_fire)),
      max_wait_(max_wait),
      timer_(executor) {}

void Scheduler::start() {
  running_ = true;
  asio::co_spawn(executor_, loop(), [this](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        core::log::error("scheduler_failed", "error", ex.what());
      }
    }
    running_ = false;
    if (on_stopped_) {
      auto done = std::move(on_stopped_);
      on_stopped_ = nullptr;
      done();
    }
  });
}

void Scheduler::wake() {
  woken_ = true;
  timer_.cancel();
}

void Scheduler::stop(std::function<void()> done) {
  stopping_ = true;
  if (!running_) {
    done();
    return;
  }
  on_stopped_ = std::move(done);
  timer_.cancel();
}

awaitable<void> Scheduler::loop() {
  constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
  while (!stopping_) {
    woken_ = false;
    // Named before co_await (GCC 12: see docs/architecture.md).
    std::function<std::size_t(store::Database&)> fire = [this](store::Database& db) {
      return fire_due_(db);
    };
    const std::size_t fired = co_await worker_.run(std::move(fire));
    if (fired > 0) {
      fired_ += fired;
      after_fire_();
    }
    std::function<std::optional<std::int64_t>(store::Database&)> next = [this](store::Database& db) {
      return next_due_(db);
    };
    const auto next_due = co_await worker_.run(std::move(next));
    if (woken_ || stopping_) continue;
    auto wait = max_wait_;
    if (next_due) {
      wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(*next_due - clock_.now_ms(), 0)));
    }
    if (wait.count() == 0) continue;
    timer_.expires_after(wait);
    co_await timer_.async_wait(tuple_awaitable);
  }
}

}  // namespace jiaxiao::net
