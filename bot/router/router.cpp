#include "bot/router/router.hpp"

#include "bot/core/log.hpp"
#include "bot/core/text.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::router {

namespace {
constexpr const char* try_again_text = "抱歉，处理这条消息时出了问题，请稍后再试。";
}  // namespace

void Router::dispatch(handlers::Context& ctx) {
  auto command = core::parse_command(ctx.text);
  if (!command) {
    for (const auto& hook : registry_.reply_hooks()) {
      if (hook.run(ctx)) return;
    }
    // In a group, ordinary chat is none of the bot's business; in a private chat, say how to start.
    if (ctx.message.chat.kind == core::ChatKind::private_chat && !ctx.text.empty())
      ctx.reply("你好，我是家校助手。发送 /帮助 查看可用命令。");
    return;
  }
  const handlers::CommandSpec* spec = registry_.find(command->name);
  if (spec == nullptr) {
    std::string text = "未知命令：/" + command->name + "。";
    if (auto near = registry_.nearest(command->name)) text += "你是不是想用 /" + *near + "？";
    text += "发送 /帮助 查看全部命令。";
    ctx.reply(std::move(text));
    return;
  }
  if (auto reason = handlers::refusal(*spec->permission, ctx.access, ctx.message.chat)) {
    ctx.reply(std::move(*reason));
    return;
  }
  spec->run(ctx, *command);
}

std::size_t Router::process(store::Database& db, std::int64_t message_id) {
  store::Messages messages(db.sql());
  auto message = messages.load_incoming(message_id);
  if (!message) return 0;
  const std::string text = core::normalise(message->text);
  std::vector<core::OutgoingMessage> outgoing;
  bool failed = false;
  try {
    SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    const handlers::Access access = handlers::resolve_access(db, config_, *message);
    handlers::Context ctx{*message, text, db, config_, clock_, registry_, access, outgoing};
    dispatch(ctx);
    store::Outbox outbox(db.sql());
    for (const auto& out : outgoing) outbox.enqueue(out, clock_.now_ms());
    messages.mark_processed(message_id, clock_.now_ms());
    transaction.commit();
  } catch (const std::exception& e) {
    // The transaction rolled back: nothing the handler wrote stays. Tell the sender, once.
    core::log::error("handler_failed", "message", message_id, "error", e.what());
    failed = true;
  }
  if (!failed) {
    core::log::debug("processed", "message", message_id, "replies", outgoing.size());
    return outgoing.size();
  }
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  core::OutgoingMessage apology{message->chat, try_again_text, {}, std::nullopt, message->platform_message_id};
  store::Outbox(db.sql()).enqueue(apology, clock_.now_ms());
  messages.mark_processed(message_id, clock_.now_ms());
  transaction.commit();
  return 1;
}

std::size_t Router::process_pending(store::Database& db) {
  std::size_t count = 0;
  for (;;) {
    const auto ids = store::Messages(db.sql()).unprocessed(256);
    if (ids.empty()) return count;
    for (const auto id : ids) process(db, id);
    count += ids.size();
  }
}

}  // namespace jiaxiao::router
