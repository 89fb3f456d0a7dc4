#include "handlers/reminder/commands.hpp"

#include "bot/core/quiet_hours.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "config/duration.hpp"
#include "store/threads.hpp"
#include "store/messages.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers::reminder {

namespace {

constexpr std::int64_t late_note_after_ms = 5 * 60 * 1000;

/// A title for lists: the first line, at most 20 characters.
std::string short_title(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (core::utf8_length(line) <= 20) return line;
  std::string out;
  std::size_t count = 0;
  for (std::size_t pos = 0, len = 0; pos < line.size() && count < 20; pos += len, ++count) {
    core::decode_utf8(line, pos, len);
    out += line.substr(pos, len);
  }
  return out + "…";
}

// /提醒 <时间> <内容>
void remind(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("提醒");
  if (command.args.empty()) return ctx.reply(usage_error(spec, "请写提醒的时间和内容，例如：/提醒 明天早上8点 带好体育用品"));
  const std::int64_t now = ctx.clock.now_ms();
  auto time = core::read_time_prefix(command.args, now, ctx.settings.timezone, core::TimeUse::reminder);
  if (!time) return ctx.reply(usage_error(spec, time.error()));
  const std::string content = ctx.typed(core::trim(std::string_view(command.args).substr(time->consumed)));
  if (content.empty()) return ctx.reply(usage_error(spec, "请写提醒的内容，例如：/提醒 明天早上8点 带好体育用品"));

  std::optional<std::int64_t> class_id;
  if (ctx.access.klass) class_id = ctx.access.klass->id;
  const std::int64_t number = ctx.open_thread("reminder", short_title(content), class_id);
  store::ReminderRow row;
  row.thread = number;
  row.kind = "custom";
  row.due_at = time->reading.at_ms;
  row.chat = ctx.message.chat;
  row.text = content;
  store::Reminders(ctx.db.sql()).add(row, now);

  std::string text = "好的，#" + std::to_string(number) + " 将在 " + time->reading.echo + " 提醒：" + content;
  if (ctx.message.chat.kind == core::ChatKind::group) {
    const auto held = core::quiet_until(time->reading.at_ms, ctx.settings.timezone, ctx.settings.quiet_start_minute,
                                        ctx.settings.quiet_end_minute);
    if (held) {
      text += "\n（该时间在免打扰时段 " + config::format_clock_time(ctx.settings.quiet_start_minute) + "–" +
              config::format_clock_time(ctx.settings.quiet_end_minute) + " 内，将于 " +
              core::echo_time(*held, now, ctx.settings.timezone) + " 发出）";
    }
  }
  text += "\n如需取消，发送 /取消 #" + std::to_string(number);
  ctx.reply(std::move(text), number);
}

// /取消 #N
void cancel(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("取消");
  const auto number = core::find_thread_reference(command.args);
  if (!number) return ctx.reply(usage_error(spec, "请写要取消的编号，例如：/取消 #12"));
  store::Threads threads(ctx.db.sql());
  const auto thread = threads.find(*number);
  if (!thread) return ctx.reply("没有 #" + std::to_string(*number) + "，请核对编号。");
  if (thread->cancelled_at) return ctx.reply("#" + std::to_string(*number) + " 已经取消过了。");
  // Its creator, a teacher of its class, or an admin.
  const bool creator = thread->created_by && *thread->created_by == ctx.access.member_id;
  const bool teacher = thread->class_id && store::Roles(ctx.db.sql()).holds(ctx.access.member_id, *thread->class_id,
                                                                             store::Role::teacher);
  if (!creator && !teacher && !ctx.access.admin)
    return ctx.reply("只有 #" + std::to_string(*number) + " 的发起人、本班教师或学校管理员可以取消它。");
  threads.cancel(*number, ctx.clock.now_ms());
  const int dropped = store::Reminders(ctx.db.sql()).cancel_thread(*number);
  const std::string text = "已取消 #" + std::to_string(*number) + "（" + thread->title + "）" +
                           (dropped > 0 ? "，相关提醒不再发送。" : "。");
  ctx.reply(text, *number);
  if (const auto* hook = ctx.registry.cancel_hook(thread->kind)) {
    (*hook)(ctx, *thread);  // the feature tells whom it must (e.g. every group of the class)
    return;
  }
  // The chat it was posted in hears of it too, when the cancel came from elsewhere.
  if (thread->chat && !(*thread->chat == ctx.message.chat)) {
    core::OutgoingMessage notice{*thread->chat, text, {}, *number, std::nullopt};
    notice.hold_in_quiet_hours = thread->chat->kind == core::ChatKind::group;
    ctx.send(std::move(notice));
  }
}

// The "custom" kind: the reminder's text, posted to its chat.
void fire_custom(ReminderContext& ctx) {
  const auto& r = ctx.reminder;
  if (!r.chat) return;
  std::string text = "⏰ 提醒";
  if (r.thread) text += " #" + std::to_string(*r.thread);
  text += "：" + r.text;
  const std::int64_t now = ctx.clock.now_ms();
  if (now - r.due_at > late_note_after_ms)
    text += "\n（原定 " + core::echo_time(r.due_at, now, ctx.settings.timezone) + "，因服务中断延迟发送）";
  core::OutgoingMessage out{*r.chat, text, {}, r.thread, std::nullopt};
  out.hold_in_quiet_hours = r.chat->kind == core::ChatKind::group;
  ctx.outgoing.push_back(std::move(out));
}

}  // namespace

void register_commands(Registry& registry) {
  registry.add({.name = "提醒", .aliases = {"remind"}, .usage = "/提醒 <时间> <内容>",
                .summary = "到时间在本群（或私聊）发出提醒", .run = remind});
  registry.add({.name = "取消", .aliases = {"cancel"}, .usage = "/取消 #编号",
                .summary = "取消一条通知、会议、投票、接龙或提醒", .run = cancel});
  registry.add_reminder_kind({"custom", fire_custom});
}

}  // namespace jiaxiao::handlers::reminder
