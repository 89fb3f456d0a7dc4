#include "bot/router/router.hpp"

#include "handlers/audience.hpp"

#include "bot/core/log.hpp"
#include "bot/core/quiet_hours.hpp"
#include "bot/core/text.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "store/reminders.hpp"
#include "store/statement.hpp"

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
  command->raw_args = core::raw_arguments(ctx.message.text);
  spec->run(ctx, *command);
}

std::size_t Router::process(store::Database& db, std::int64_t message_id) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const std::size_t queued = process_in_transaction(db, message_id);
  transaction.commit();
  return queued;
}

std::size_t Router::process_in_transaction(store::Database& db, std::int64_t message_id) {
  store::Messages messages(db.sql());
  auto message = messages.load_incoming(message_id);
  if (!message) return 0;
  const std::string text = core::normalise(message->text);
  std::vector<core::OutgoingMessage> outgoing;
  store::Statement(db.sql(), "SAVEPOINT message").exec();
  try {
    const handlers::Access access = handlers::resolve_access(db, config_, *message);
    handlers::Context ctx{*message, text, db, config_, clock_, registry_, access, outgoing};
    ctx.message_row = message_id;
    dispatch(ctx);
    enqueue(db, outgoing);
    messages.mark_processed(message_id, clock_.now_ms(), ctx.tied_thread);
    store::Statement(db.sql(), "RELEASE message").exec();
    core::log::debug("processed", "message", message_id, "replies", outgoing.size());
    return outgoing.size();
  } catch (const std::exception& e) {
    // Back to the savepoint: nothing the handler wrote stays. Tell the sender, once.
    core::log::error("handler_failed", "message", message_id, "error", e.what());
  }
  store::Statement(db.sql(), "ROLLBACK TO message").exec();
  store::Statement(db.sql(), "RELEASE message").exec();
  core::OutgoingMessage apology{message->chat, try_again_text, {}, std::nullopt, message->platform_message_id};
  store::Outbox(db.sql()).enqueue(apology, clock_.now_ms());
  messages.mark_processed(message_id, clock_.now_ms());
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

void Router::enqueue(store::Database& db, const std::vector<core::OutgoingMessage>& outgoing) {
  store::Outbox outbox(db.sql());
  const std::int64_t now = clock_.now_ms();
  for (const auto& out : outgoing) {
    std::optional<std::int64_t> not_before;
    if (out.hold_in_quiet_hours)
      not_before = core::quiet_until(now, config_.timezone, config_.quiet_start_minute, config_.quiet_end_minute);
    outbox.enqueue(out, now, not_before);
  }
}

bool Router::fire_reminder(store::Database& db, std::int64_t reminder_id, const std::function<void()>& fault) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  store::Reminders reminders(db.sql());
  const auto reminder = reminders.find(reminder_id);
  if (!reminder || reminder->state != "pending") return false;
  const std::int64_t now = clock_.now_ms();
  std::vector<core::OutgoingMessage> outgoing;
  if (reminder->event_at && *reminder->event_at <= now) {
    // Fell due while the service was down and what it was about is over: say so, once, to its creator.
    reminders.finish(reminder_id, "missed", now);
    if (reminder->thread) {
      const auto thread = store::Threads(db.sql()).find(*reminder->thread);
      if (thread && thread->created_by) {
        if (const auto creator = handlers::private_chat_of(db, *thread->created_by)) {
          outgoing.push_back({*creator,
                              "#" + std::to_string(thread->number) + " 的一条提醒因服务中断未能按时发出，相关事项已经过去，不再补发。",
                              {}, thread->number, std::nullopt});
        }
      }
    }
    core::log::info("reminder_missed", "reminder", reminder_id);
  } else {
    reminders.finish(reminder_id, "done", now);
    if (const auto* kind = registry_.reminder_kind(reminder->kind)) {
      handlers::ReminderContext ctx{*reminder, db, config_, clock_, outgoing};
      kind->fire(ctx);
    } else {
      core::log::error("reminder_kind_unknown", "reminder", reminder_id, "kind", reminder->kind);
    }
    core::log::info("reminder_fired", "reminder", reminder_id, "late_ms", now - reminder->due_at);
  }
  enqueue(db, outgoing);
  if (fault) fault();
  transaction.commit();
  return true;
}

std::size_t Router::fire_due(store::Database& db) {
  std::size_t fired = 0;
  for (;;) {
    const auto due = store::Reminders(db.sql()).due(clock_.now_ms(), 128);
    if (due.empty()) return fired;
    for (const auto& reminder : due) {
      try {
        if (fire_reminder(db, reminder.id)) ++fired;
      } catch (const std::exception& e) {
        // Rolled back: it stays pending. Mark it missed rather than retry it forever.
        core::log::error("reminder_failed", "reminder", reminder.id, "error", e.what());
        store::Reminders(db.sql()).finish(reminder.id, "missed", clock_.now_ms());
      }
    }
  }
}

std::size_t Router::process_pending(store::Database& db) {
  std::size_t count = 0;
  while (const std::size_t n = process_batch(db, 256)) count += n;
  return count;
}

}  // namespace jiaxiao::router
