#include "handlers/audience.hpp"

#include <algorithm>

#include "bot/core/text.hpp"
#include "store/classes.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::handlers {

std::vector<core::ChatRef> class_groups(store::Database& db, std::int64_t class_id) {
  std::vector<core::ChatRef> groups;
  for (const auto& linked : store::Classes(db.sql()).chats(class_id)) {
    if (linked.chat.kind == core::ChatKind::group && !linked.unreachable && !linked.committee) groups.push_back(linked.chat);
  }
  return groups;
}

std::vector<core::ChatRef> committee_groups(store::Database& db, std::int64_t class_id) {
  std::vector<core::ChatRef> groups;
  for (const auto& linked : store::Classes(db.sql()).chats(class_id)) {
    if (linked.chat.kind == core::ChatKind::group && !linked.unreachable && linked.committee) groups.push_back(linked.chat);
  }
  return groups;
}

std::string held_pushes_note(store::Database& db, const core::Platforms& platforms, std::int64_t class_id) {
  std::vector<std::string> held;
  for (const auto& linked : store::Classes(db.sql()).chats(class_id)) {
    if (linked.chat.kind != core::ChatKind::group || linked.unreachable) continue;
    const auto& platform = platforms.of(linked.chat.platform);
    const bool pushes = platform.group_push == core::GroupPush::any_time ||
                        (platform.group_push == core::GroupPush::with_push_key && linked.webhook_key);
    if (!pushes) held.push_back(platform.group_name(linked.chat.id));
  }
  if (held.empty()) return "";
  return "注意：" + core::join(held, "、") + " 不能由机器人主动发送，消息会在有家长 @机器人 后随回复发出。" +
         "企业微信群登记群机器人 webhook key 后可以按时发送。";
}

void link_group(store::Database& db, const core::ChatRef& group, std::int64_t class_id,
                const std::optional<std::string>& webhook_key, std::int64_t now_ms, bool committee) {
  const std::int64_t chat_id = store::Classes(db.sql()).link(group, class_id, webhook_key, now_ms, committee);
  if (webhook_key) store::Outbox(db.sql()).release_waiting(chat_id, now_ms);
}

std::string at_bot(const core::Capabilities& platform) { return platform.hears_only_mentions ? "@机器人 " : ""; }

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

void push(std::vector<core::OutgoingMessage>& out, const core::ChatRef& chat, std::string text, std::int64_t thread,
          std::vector<std::string> mentions) {
  core::OutgoingMessage m{chat, std::move(text), std::move(mentions), thread, std::nullopt};
  m.hold_in_quiet_hours = chat.kind == core::ChatKind::group;
  out.push_back(std::move(m));
}

}  // namespace jiaxiao::handlers
