#include "handlers/audience.hpp"

#include <algorithm>

#include "store/statement.hpp"
#include "store/classes.hpp"
#include "store/messages.hpp"

namespace jiaxiao::handlers {

std::vector<core::ChatRef> class_groups(store::Database& db, std::int64_t class_id) {
  std::vector<core::ChatRef> groups;
  for (const auto& linked : store::Classes(db.sql()).chats(class_id)) {
    if (linked.chat.kind == core::ChatKind::group && !linked.unreachable) groups.push_back(linked.chat);
  }
  return groups;
}

std::string held_pushes_note(store::Database& db, std::int64_t class_id) {
  std::vector<std::string> held;
  for (const auto& linked : store::Classes(db.sql()).chats(class_id)) {
    if (linked.chat.kind != core::ChatKind::group || linked.unreachable) continue;
    if (linked.chat.platform == "qq") held.push_back("QQ群 " + linked.chat.id);
    else if (linked.chat.platform == "wecom" && !linked.webhook_key) held.push_back("企业微信群 " + linked.chat.id);
  }
  if (held.empty()) return "";
  return "注意：" + join(held) + " 不能由机器人主动发送，消息会在有家长 @机器人 后随回复发出。" +
         "企业微信群登记群机器人 webhook key 后可以按时发送。";
}

std::vector<std::string> guardian_mentions(store::Database& db, const std::vector<store::Student>& students,
                                           const std::string& platform) {
  std::vector<std::string> ids;
  store::Roster roster(db.sql());
  for (const auto& s : students) {
    for (const auto& g : roster.guardians(s.id)) {
      if (g.platform == platform && std::find(ids.begin(), ids.end(), g.user_id) == ids.end()) ids.push_back(g.user_id);
    }
  }
  return ids;
}

std::vector<std::string> student_names(const std::vector<store::Student>& students,
                                       const std::vector<store::Student>& all) {
  std::vector<std::string> names;
  for (const auto& s : students) {
    const auto same = std::count_if(all.begin(), all.end(), [&](const store::Student& o) { return o.name == s.name; });
    names.push_back(s.name + (same > 1 && s.number ? "（" + *s.number + "）" : ""));
  }
  return names;
}

std::optional<core::ChatRef> private_chat_of(store::Database& db, std::int64_t member_id) {
  store::Statement who(db.sql(), "SELECT platform, platform_user_id FROM members WHERE id = ?");
  who.bind(1, member_id);
  if (!who.executeStep()) return std::nullopt;
  return core::ChatRef{who.getColumn(0).getString(), core::ChatKind::private_chat, who.getColumn(1).getString()};
}

std::optional<std::int64_t> quoted_thread(store::Database& db, const core::IncomingMessage& message) {
  if (message.reply_to) {
    if (auto thread = store::Messages(db.sql()).thread_of_sent(message.chat.platform, *message.reply_to)) return thread;
  }
  return message.quoted_thread;
}

void push(std::vector<core::OutgoingMessage>& out, const core::ChatRef& chat, std::string text, std::int64_t thread,
          std::vector<std::string> mentions) {
  core::OutgoingMessage m{chat, std::move(text), std::move(mentions), thread, std::nullopt};
  m.hold_in_quiet_hours = chat.kind == core::ChatKind::group;
  out.push_back(std::move(m));
}

core::Parsed<std::optional<core::TimeReading>> take_deadline(std::string& text, std::int64_t now_ms,
                                                             const std::string& zone) {
  constexpr std::string_view tag = "截止:";
  const auto at = text.find(tag);
  if (at == std::string::npos) return std::optional<core::TimeReading>{};
  const std::size_t start = at + tag.size();
  auto time = core::read_time_prefix(std::string_view(text).substr(start), now_ms, zone, core::TimeUse::deadline);
  if (!time) return core::ParseError{"截止时间：" + time.error()};
  text.erase(at, start - at + time->consumed);
  return std::optional<core::TimeReading>{time->reading};
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

}  // namespace jiaxiao::handlers
