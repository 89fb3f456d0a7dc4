#include "handlers/mailbox/commands.hpp"

#include <algorithm>
#include <charconv>

#include "bot/core/text.hpp"
#include "store/mailbox.hpp"
#include "store/messages.hpp"
#include "store/members.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers::mailbox {

namespace {

/// The school's admins' private chats: config `admins` and admin grants.
std::vector<core::ChatRef> admin_chats(Context& ctx) {
  std::vector<core::ChatRef> chats;
  for (const auto& admin : ctx.settings.admins) {
    const auto colon = admin.find(':');
    chats.push_back({admin.substr(0, colon), core::ChatKind::private_chat, admin.substr(colon + 1)});
  }
  for (const auto& grant : store::Roles(ctx.db.sql()).list(std::nullopt)) {
    if (grant.role != store::Role::admin) continue;
    core::ChatRef chat{grant.platform, core::ChatKind::private_chat, grant.user_id};
    if (std::find(chats.begin(), chats.end(), chat) == chats.end()) chats.push_back(chat);
  }
  return chats;
}

// /信箱 <内容>
void write_letter(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("信箱");
  if (command.args.empty()) return ctx.reply(usage_error(spec, "请写下您的意见或建议，例如：/信箱 建议延长午休时间"));
  const auto admins = admin_chats(ctx);
  if (admins.empty()) return ctx.reply("学校还没有设置信箱的接收人，请直接联系班主任。");
  const std::string& letter_text = command.raw_args;  // as written, with its Chinese punctuation
  const std::int64_t id = store::Mailbox(ctx.db.sql()).add_letter(ctx.access.member_id, letter_text, ctx.clock.now_ms());
  if (ctx.message_row != 0) store::Messages(ctx.db.sql()).seal(ctx.message_row);  // no export names the writer
  // The admins see the letter and its number, never who wrote it.
  for (const auto& chat : admins) {
    ctx.send({chat, "【家长信箱 第" + std::to_string(id) + "号】\n" + letter_text + "\n（来信人匿名。回复请发送：/信箱回复 " +
                        std::to_string(id) + " 回复内容）",
              {}, std::nullopt, std::nullopt});
  }
  ctx.reply("感谢您的来信，已匿名转交学校（第" + std::to_string(id) + "号）。学校回复后会在这里告诉您。");
}

// /信箱回复 <编号> <内容>
void reply_letter(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("信箱回复");
  std::string number = command.argv.empty() ? "" : command.argv.front();
  if (!number.empty() && number.front() == '#') number.erase(0, 1);
  long long id = 0;
  if (number.empty() || std::from_chars(number.data(), number.data() + number.size(), id).ptr != number.data() + number.size())
    return ctx.reply(usage_error(spec, "请写来信编号和回复内容，例如：/信箱回复 3 感谢建议，学校将研究。"));
  // The reply as written: the raw arguments after the number.
  std::string_view raw = command.raw_args;
  std::size_t skip = 0;
  while (skip < raw.size() && raw[skip] != ' ' && raw[skip] != '\n' && raw.substr(skip, 3) != "\xE3\x80\x80") ++skip;
  const std::string text(core::trim(raw.substr(skip)));
  if (text.empty()) return ctx.reply(usage_error(spec, "请写回复内容。"));
  store::Mailbox mailbox(ctx.db.sql());
  const auto writer = mailbox.writer_of(id);
  if (!writer) return ctx.reply("没有第 " + std::to_string(id) + " 号来信。");
  const auto sender = store::Members(ctx.db.sql()).private_chat(*writer);
  if (!sender) return ctx.reply("找不到第 " + std::to_string(id) + " 号来信的来信人。");
  mailbox.add_reply(id, ctx.access.member_id, text, ctx.clock.now_ms());
  ctx.send({*sender, "【学校回复】您的第" + std::to_string(id) + "号来信：\n" + text, {}, std::nullopt, std::nullopt});
  ctx.reply("已回复第 " + std::to_string(id) + " 号来信（来信人不会知道是谁回复的，您也不会知道来信人是谁）。");
}

}  // namespace

void register_commands(Registry& registry) {
  registry.add({.name = "信箱", .aliases = {"mailbox"}, .usage = "/信箱 <内容>",
                .summary = "给学校写信提建议（匿名转交）", .run = write_letter});
  registry.add({.name = "信箱回复", .aliases = {"mailbox-reply"}, .usage = "/信箱回复 <编号> <内容>",
                .summary = "学校管理员回复家长来信", .run = reply_letter});
}

}  // namespace jiaxiao::handlers::mailbox
