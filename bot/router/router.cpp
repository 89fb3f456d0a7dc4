#include "bot/router/router.hpp"

#include "bot/core/log.hpp"
#include "bot/core/quiet_hours.hpp"
#include "bot/core/text.hpp"
#include "handlers/fallback.hpp"
#include "handlers/replies.hpp"
#include "store/chats.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "store/reply_windows.hpp"
#include "store/savepoint.hpp"

namespace jiaxiao::router {

void enqueue(store::Database& db, const std::vector<core::OutgoingMessage>& outgoing, const config::Settings& settings,
             std::int64_t now_ms) {
  store::Outbox outbox(db.sql());
  for (const auto& out : outgoing) {
    std::optional<std::int64_t> not_before;
    if (out.hold_in_quiet_hours)
      not_before = core::quiet_until(now_ms, settings.timezone, settings.quiet_start_minute, settings.quiet_end_minute);
    outbox.enqueue(out, now_ms, not_before);
  }
}

void Router::dispatch(handlers::Context& ctx) {
  if (ctx.message.sender.id.empty()) return handlers::answer_anonymous(ctx);
  auto command = core::parse_command(ctx.text);
  if (!command) return handlers::answer_reply(ctx);
  const handlers::CommandSpec* spec = registry_.find(command->name);
  if (spec == nullptr) return handlers::answer_unknown_command(ctx, command->name);
  if (auto reason = handlers::refusal(*spec->permission, ctx.access, ctx.message.chat)) {
    ctx.reply(std::move(*reason));
    return;
  }
  command->raw_args = core::raw_arguments(ctx.message.text);
  spec->run(ctx, *command);
}

std::size_t Router::process(store::Database& db, std::int64_t message_id) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const std::size_t queued = process_in_transaction(db, message_id);
  transaction.commit();
  return queued;
}

void Router::after_acting(store::Database& db, const core::IncomingMessage& message, std::int64_t message_id) {
  // A message from a chat proves the bot is back in it.
  store::Chats(db.sql()).mark_reachable(message.chat);
  // Its answers are queued now; a window it opened may carry what waits for one in that chat.
  if (const auto chat_id = store::ReplyWindows(db.sql()).chat_of_message(message_id))
    store::Outbox(db.sql()).release_waiting(*chat_id, clock_.now_ms());
}

std::size_t Router::process_in_transaction(store::Database& db, std::int64_t message_id) {
  store::Messages messages(db.sql());
  auto message = messages.load_incoming(message_id);
  if (!message) return 0;
  const std::string text = core::normalise(message->text);
  std::vector<core::OutgoingMessage> outgoing;
  {
    store::Savepoint savepoint(db.sql());
    try {
      const handlers::Access access = handlers::resolve_access(db, settings_, *message);
      handlers::Context ctx{*message, text, db, settings_, platforms_, clock_, registry_, access, outgoing};
      ctx.message_row = message_id;
      dispatch(ctx);
      if (const auto dropped = budget_.apply(*message, access, outgoing, clock_.now_ms()))
        core::log::info("replies_dropped", "message", message_id, "count", dropped, "reason", "replies_per_member_per_minute");
      enqueue(db, outgoing, settings_, clock_.now_ms());
      messages.mark_processed(message_id, clock_.now_ms(), ctx.tied_thread);
      after_acting(db, *message, message_id);
      savepoint.release();
      core::log::debug("processed", "message", message_id, "replies", outgoing.size());
      return outgoing.size();
    } catch (const std::exception& e) {
      // Back to the savepoint (when it goes out of scope): nothing the handler wrote stays. Tell the sender, once.
      core::log::error("handler_failed", "message", message_id, "error", e.what());
    }
  }
  store::Outbox(db.sql()).enqueue(handlers::try_again(*message), clock_.now_ms());
  messages.mark_processed(message_id, clock_.now_ms());
  after_acting(db, *message, message_id);
  return 1;
}

std::size_t Router::process_batch(store::Database& db, std::size_t limit) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const std::size_t n = process_batch_in_transaction(db, limit);
  transaction.commit();
  return n;
}

std::size_t Router::process_batch_in_transaction(store::Database& db, std::size_t limit) {
  const auto ids = store::Messages(db.sql()).unprocessed(limit);
  for (const auto id : ids) process_in_transaction(db, id);
  return ids.size();
}

std::size_t Router::process_pending(store::Database& db) {
  std::size_t count = 0;
  while (const std::size_t n = process_batch(db, 256)) count += n;
  return count;
}

}  // namespace jiaxiao::router
