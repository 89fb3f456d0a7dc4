#include "handlers/fallback.hpp"

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "store/members.hpp"
#include "store/threads.hpp"

namespace jiaxiao::handlers {

void answer_unclaimed(Context& ctx) {
  if (ctx.message.chat.kind == core::ChatKind::private_chat && !ctx.text.empty())
    ctx.reply("你好，我是家校助手。发送 /帮助 查看可用命令。");
}

void answer_anonymous(Context& ctx) {
  if (core::parse_command(ctx.text) || ctx.message.mentions_bot || ctx.message.reply_to)
    ctx.reply("匿名消息不能绑定学生，也不能代学生确认、报名或投票。请关闭匿名后再发一次。");
}

void answer_unknown_command(Context& ctx, std::string_view name) {
  std::string text = "未知命令：/" + core::cut(name, 30) + "。";
  if (auto near = ctx.registry.nearest(name)) text += "你是不是想用 /" + *near + "？";
  text += "发送 /帮助 查看全部命令。";
  ctx.reply(std::move(text));
}

core::OutgoingMessage try_again(const core::IncomingMessage& message) {
  return {message.chat, "抱歉，处理这条消息时出了问题，请稍后再试。", {}, std::nullopt, message.platform_message_id};
}

std::optional<core::OutgoingMessage> missed_reminder_note(store::Database& db, const store::ReminderRow& reminder) {
  if (!reminder.thread) return std::nullopt;
  const auto thread = store::Threads(db.sql()).find(*reminder.thread);
  if (!thread || !thread->created_by) return std::nullopt;
  const auto creator = store::Members(db.sql()).private_chat(*thread->created_by);
  if (!creator) return std::nullopt;
  return core::OutgoingMessage{*creator,
                               "#" + std::to_string(thread->number) +
                                   " 的一条提醒因服务中断未能按时发出，相关事项已经过去，不再补发。",
                               {}, thread->number, std::nullopt};
}

}  // namespace jiaxiao::handlers
