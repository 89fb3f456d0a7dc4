#include "handlers/delivery.hpp"

#include "handlers/audience.hpp"
#include "store/classes.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers {

namespace {
std::string group_label(const core::ChatRef& chat) {
  if (chat.platform == "wecom") return "企业微信群 " + chat.id;
  return "QQ群 " + chat.id;
}

std::string advice(const core::ChatRef& chat) {
  if (chat.platform == "wecom")
    return "请在群里重新添加群机器人，并用 jiaxiao class link 登记新的 webhook key。";
  return "请把机器人重新拉进群。";
}
}  // namespace

std::vector<core::OutgoingMessage> chat_unreachable(store::Database& db, const core::ChatRef& chat, std::int64_t now_ms) {
  store::Classes classes(db.sql());
  if (!classes.mark_unreachable(chat, now_ms)) return {};
  const auto klass = classes.class_of(chat);
  if (!klass) return {};
  std::vector<core::OutgoingMessage> notes;
  const std::string text = klass->name + "的" + group_label(chat) +
                           " 已无法送达：机器人被移出或停用，或群已解散。发往该群的消息没有发出，其他群照常。" +
                           advice(chat);
  for (const auto& grant : store::Roles(db.sql()).list(klass->id)) {
    if (grant.role != store::Role::teacher) continue;
    auto to = private_chat_of(db, grant.member_id);
    if (!to) continue;
    notes.push_back(core::OutgoingMessage{*to, text, {}, std::nullopt, std::nullopt});
  }
  return notes;
}

}  // namespace jiaxiao::handlers
