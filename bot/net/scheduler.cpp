#include "bot/net/scheduler.hpp"


namespace jiaxiao::net {

Scheduler::Scheduler(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock,
                     std::function<std::size_t(store::Database&)> fire_due,
                     std::function<std::optional<std::int64_t>(store::Database&)> next_due,
                     std::function<void()> after_fire, std::chrono::milliseconds max_wait,
                     std::chrono::milliseconds failure_backoff)
    : executor_(executor),
      worker_(worker),
      clock_(clock),
      fire_due_(std::move(fire_due)),
      next_due_(std::move(next_due)),
      after_fire_(std::move(after_fire)),
      max_wait_(max_wait),
      loop_(executor, "scheduler", failure_backoff) {}

void Scheduler::start() {
  loop_.start([this] { return loop(); });
}

void Scheduler::wake() { loop_.wake(); }

void Scheduler::stop(std::function<void()> done) { loop_.stop(std::move(done)); }

awaitable<void> Scheduler::loop() {
  while (!loop_.stopping()) {
    // Named before co_await: GCC 12 mishandles a temporary inside a co_await expression.
    std::function<awaitable<void>()> one = [this] { return round(); };
    co_await loop_.round(std::move(one));
  }
}

awaitable<void> Scheduler::round() {
  loop_.take_woken();
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
  if (loop_.woken() || loop_.stopping()) co_return;
  auto wait = max_wait_;
  if (next_due) {
    wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(*next_due - clock_.now_ms(), 0)));
  }
  if (wait.count() == 0) co_return;
  co_await loop_.sleep(wait);
}

}  // namespace jiaxiao::net
