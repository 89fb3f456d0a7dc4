#pragma once
// Fires durable reminders: marks one done and queues what its kind posts, in one transaction, so a
// reminder fires exactly once. Called by the scheduler (bot/net/scheduler.hpp) on the database thread.

#include <cstdint>
#include <functional>

#include "bot/core/platform.hpp"
#include "handlers/registry.hpp"

namespace jiaxiao::router {

/// Thread: one ReminderFirer may be shared; each call uses the Database given (one thread at a time).
class ReminderFirer {
 public:
  ReminderFirer(const handlers::Registry& registry, const config::Settings& settings, const core::Platforms& platforms,
                const core::Clock& clock)
      : registry_(registry), settings_(settings), platforms_(platforms), clock_(clock) {}

  /// Fires one pending reminder: marks it done and queues what its kind posts, in one transaction; a
  /// reminder whose event is over is marked missed and its creator told. Returns false when it was not
  /// pending.
  bool fire(store::Database& db, std::int64_t reminder_id) { return fire_for_test(db, reminder_id, {}); }
  /// fire() with `fault` run just before the commit (a test seam: a crash between firing and recording).
  bool fire_for_test(store::Database& db, std::int64_t reminder_id, const std::function<void()>& fault);
  /// Fires every reminder due now (including those that fell due while the service was down); returns
  /// how many fired or were marked missed.
  std::size_t fire_due(store::Database& db);

 private:
  const handlers::Registry& registry_;
  const config::Settings& settings_;
  const core::Platforms& platforms_;
  const core::Clock& clock_;
};

}  // namespace jiaxiao::router
