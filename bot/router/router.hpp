#pragma once
// From a stored incoming message to the handler that acts on it. The router sits above the handlers
// (it knows their registry), so it has its own folder rather than living in bot/core, which every
// layer depends on. What the bot says when no feature takes a message is the handlers'
// (handlers/fallback.hpp); reminders are fired by ReminderFirer (reminder_firer.hpp).

#include <cstdint>
#include <vector>

#include "bot/core/platform.hpp"
#include "handlers/registry.hpp"
#include "handlers/reply_budget.hpp"

namespace jiaxiao::router {

/// Writes handlers' messages to the outbox; pushes to parents wait for the end of quiet hours.
void enqueue(store::Database& db, const std::vector<core::OutgoingMessage>& outgoing, const config::Settings& settings,
             std::int64_t now_ms);

/// Normalises text, finds "/命令 args" or hands a bare reply to the reply hooks, runs the handler.
/// Thread: one Router may be shared; each call uses the Database given (one thread at a time).
class Router {
 public:
  /// `replies_per_member_per_minute`: the flood budget of handlers::ReplyBudget (0: none).
  Router(const handlers::Registry& registry, const config::Settings& settings, const core::Platforms& platforms,
         const core::Clock& clock, int replies_per_member_per_minute = 0)
      : registry_(registry),
        settings_(settings),
        platforms_(platforms),
        clock_(clock),
        budget_(replies_per_member_per_minute) {}

  /// Acts on one stored incoming message. The handler's writes, its outgoing messages (outbox) and
  /// the message's processed mark commit in one transaction, so a crash means "not acted on" and
  /// the message is processed again at start; a processed message is never acted on twice. A
  /// handler's exception rolls back, is logged, and the sender is told to try again.
  /// Returns how many outgoing messages were queued. Throws only when the database itself fails.
  std::size_t process(store::Database& db, std::int64_t message_id);

  /// Acts on up to `limit` stored messages not yet acted on, oldest first, in one transaction (one
  /// fsync for all); each message's work is its own savepoint, so a failing handler undoes only its
  /// own writes (and its sender is told to try again). Returns how many messages were acted on.
  std::size_t process_batch(store::Database& db, std::size_t limit);
  /// process_batch()'s work inside the caller's open transaction (the database worker commits it
  /// together with the next incoming messages: one fsync for both).
  std::size_t process_batch_in_transaction(store::Database& db, std::size_t limit);

  /// Processes every stored message not yet acted on (after a crash); returns how many.
  std::size_t process_pending(store::Database& db);
  /// Answers dropped by the flood budget since start (any thread).
  std::uint64_t replies_dropped() const { return budget_.dropped(); }

 private:
  /// process()'s work inside the caller's transaction, under a savepoint of its own.
  std::size_t process_in_transaction(store::Database& db, std::int64_t message_id);
  void dispatch(handlers::Context& ctx);
  /// The chat rules of a message acted on: its chat is reachable again, and a reply window it opened
  /// releases what waited for one there.
  void after_acting(store::Database& db, const core::IncomingMessage& message, std::int64_t message_id);

  const handlers::Registry& registry_;
  const config::Settings& settings_;
  const core::Platforms& platforms_;
  const core::Clock& clock_;
  handlers::ReplyBudget budget_;
};

}  // namespace jiaxiao::router
