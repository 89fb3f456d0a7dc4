#pragma once
// Fires durable reminders on one Asio timer armed for the earliest pending row. Rows live in the
// database before any timer is armed; the scheduler holds only "when is the next one", so memory does
// not grow with the number of pending reminders. Overdue rows (the service was down) fire at start.

#include <chrono>
#include <functional>

#include "bot/core/clock.hpp"
#include "bot/net/asio.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/wakeable_loop.hpp"

namespace jiaxiao::net {

/// Thread: runs on the io executor; the firing itself runs on the DbWorker.
class Scheduler {
 public:
  /// `fire_due` fires every reminder due now and returns how many; `next_due` says when the earliest
  /// pending one is due; `after_fire` runs on the io thread when something fired (wake the outbox).
  /// `max_wait` bounds every wait, so rows added by other processes (the CLI, the console) are seen.
  Scheduler(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock,
            std::function<std::size_t(store::Database&)> fire_due,
            std::function<std::optional<std::int64_t>(store::Database&)> next_due, std::function<void()> after_fire,
            std::chrono::milliseconds max_wait, std::chrono::milliseconds failure_backoff = std::chrono::seconds(1));

  void start();
  /// The earliest pending reminder may have changed (added, cancelled) or the clock moved: look again.
  void wake();
  /// Ends the loop; `done` runs when it has ended.
  void stop(std::function<void()> done);
  /// Reminders fired so far by this scheduler.
  std::size_t fired() const { return fired_; }
  /// Rounds that failed (the database, a firing that threw); the loop goes on after a back-off.
  std::uint64_t failures() const { return loop_.failures(); }
  /// Since when its rounds have been failing; nullopt while they succeed.
  std::optional<std::chrono::steady_clock::time_point> failing_since() const { return loop_.failing_since(); }

 private:
  awaitable<void> loop();
  /// Fires what is due, then sleeps until the next row is due (or woken).
  awaitable<void> round();

  asio::any_io_executor executor_;
  DbWorker& worker_;
  const core::Clock& clock_;
  std::function<std::size_t(store::Database&)> fire_due_;
  std::function<std::optional<std::int64_t>(store::Database&)> next_due_;
  std::function<void()> after_fire_;
  std::chrono::milliseconds max_wait_;
  WakeableLoop loop_;
  std::size_t fired_ = 0;
};

}  // namespace jiaxiao::net
