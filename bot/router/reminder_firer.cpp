#include "bot/router/reminder_firer.hpp"

#include "bot/core/log.hpp"
#include "bot/router/router.hpp"
#include "handlers/fallback.hpp"
#include "store/reminders.hpp"

namespace jiaxiao::router {

bool ReminderFirer::fire_for_test(store::Database& db, std::int64_t reminder_id, const std::function<void()>& fault) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  store::Reminders reminders(db.sql());
  const auto reminder = reminders.find(reminder_id);
  if (!reminder || reminder->state != "pending") return false;
  const std::int64_t now = clock_.now_ms();
  std::vector<core::OutgoingMessage> outgoing;
  if (reminder->event_at && *reminder->event_at <= now) {
    // Fell due while the service was down and what it was about is over: say so, once, to its creator.
    reminders.finish(reminder_id, "missed", now);
    if (auto note = handlers::missed_reminder_note(db, *reminder)) outgoing.push_back(std::move(*note));
    core::log::info("reminder_missed", "reminder", reminder_id);
  } else {
    reminders.finish(reminder_id, "done", now);
    if (const auto* kind = registry_.reminder_kind(reminder->kind)) {
      handlers::ReminderContext ctx{*reminder, db, settings_, platforms_, clock_, outgoing};
      kind->fire(ctx);
    } else {
      core::log::error("reminder_kind_unknown", "reminder", reminder_id, "kind", reminder->kind);
    }
    core::log::info("reminder_fired", "reminder", reminder_id, "late_ms", now - reminder->due_at);
  }
  enqueue(db, outgoing, settings_, now);
  if (fault) fault();
  transaction.commit();
  return true;
}

std::size_t ReminderFirer::fire_due(store::Database& db) {
  std::size_t fired = 0;
  for (;;) {
    const auto due = store::Reminders(db.sql()).due(clock_.now_ms(), 128);
    if (due.empty()) return fired;
    for (const auto& reminder : due) {
      try {
        if (fire(db, reminder.id)) ++fired;
      } catch (const std::exception& e) {
        // Rolled back: it stays pending. Mark it missed rather than retry it forever.
        core::log::error("reminder_failed", "reminder", reminder.id, "error", e.what());
        store::Reminders(db.sql()).finish(reminder.id, "missed", clock_.now_ms());
      }
    }
  }
}

}  // namespace jiaxiao::router
