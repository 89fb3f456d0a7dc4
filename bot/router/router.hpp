#pragma once
// From a stored incoming message to the handler that acts on it. The router sits above the handlers
// (it knows their registry), so it has its own folder rather than living in bot/core, which every
// layer depends on.

#include <cstdint>
#include <functional>

#include "handlers/registry.hpp"

namespace jiaxiao::router {

/// Normalises text, finds "/命令 args" or hands a bare reply to the reply hooks, runs the handler.
/// Thread: one Router may be shared; each call uses the Database given (one thread at a time).
class Router {
 public:
  Router(const handlers::Registry& registry, const config::Config& config, const core::Clock& clock)
      : registry_(registry), config_(config), clock_(clock) {}

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

  /// Fires one pending reminder: marks it done and queues what its kind posts, in one transaction; a
  /// reminder whose event is over is marked missed and its creator told. `fault` (tests) runs just before
  /// the commit, to simulate a crash between firing and recording. Returns false when it was not pending.
  bool fire_reminder(store::Database& db, std::int64_t reminder_id, const std::function<void()>& fault = {});
  /// Fires every reminder due now (including those that fell due while the service was down); returns
  /// how many fired or were marked missed.
  std::size_t fire_due(store::Database& db);

 private:
  /// process()'s work inside the caller's transaction, under a savepoint of its own.
  std::size_t process_in_transaction(store::Database& db, std::int64_t message_id);
  void dispatch(handlers::Context& ctx);
  /// Writes messages to the outbox; pushes to parents wait for the end of quiet hours.
  void enqueue(store::Database& db, const std::vector<core::OutgoingMessage>& outgoing);

  const handlers::Registry& registry_;
  const config::Config& config_;
  const core::Clock& clock_;
};

}  // namespace jiaxiao::router
