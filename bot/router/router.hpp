#pragma once
// From a stored incoming message to the handler that acts on it. The router sits above the handlers
// (it knows their registry), so it has its own folder rather than living in bot/core, which every
// layer depends on.

#include <cstdint>

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

  /// Processes every stored message not yet acted on (after a crash); returns how many.
  std::size_t process_pending(store::Database& db);

 private:
  void dispatch(handlers::Context& ctx);

  const handlers::Registry& registry_;
  const config::Config& config_;
  const core::Clock& clock_;
};

}  // namespace jiaxiao::router
