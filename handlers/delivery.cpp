#include "handlers/delivery.hpp"

#include "bot/core/text.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/chats.hpp"
#include "store/threads.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers {

namespace {
/// What a teacher can do when a group is gone, on a platform like this one.
std::string advice(const core::Capabilities& platform) {
  if (platform.group_push == core::GroupPush::with_push_key)
    return "请在群里重新添加群机器人，并用 jiaxiao class link 登记新的 webhook key。";
  return "请把机器人重新拉进群。";
}

/// The class's teachers, as member ids.
std::vector<std::int64_t> teachers_of(store::Database& db, std::int64_t class_id) {
  std::vector<std::int64_t> ids;
  for (const auto& grant : store::Roles(db.sql()).list(class_id)) {
    if (grant.role == store::Role::teacher) ids.push_back(grant.member_id);
  }
  return ids;
}

/// "72 小时", "3 分钟": how long the messages waited, as a teacher reads it.
std::string duration_label(std::chrono::milliseconds waited) {
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(waited).count();
  if (hours >= 1) return std::to_string(hours) + " 小时";
  return std::to_string(std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::minutes>(waited).count())) +
         " 分钟";
}

/// Why a group's messages waited (to follow "等了 N 小时"), and what the teacher can do about it.
std::pair<std::string, std::string> waiting_reason_and_advice(const core::Capabilities& platform) {
  if (platform.group_push == core::GroupPush::with_push_key)
    return {"仍没有发送的途径（该群没有登记群机器人 webhook key，期间也没有家长 @机器人）",
            "请在群里添加群机器人，并用 jiaxiao class link 登记 webhook key，之后需要的话重新发送。"};
  return {"仍没有家长在群里 @机器人（" + platform.bot_label + "只能随家长 @机器人 的消息回复）",
          "请提醒家长 @机器人，之后需要的话重新发送；要按时送达的班级群请改用 OneBot（NapCat、Lagrange）。"};
}

/// Why a group's messages failed for so long (to follow "等了 N 小时"), and what to do.
std::pair<std::string, std::string> failing_reason_and_advice(const core::Capabilities& platform) {
  return {"仍没有发送成功（" + platform.bot_label + "一直连不上或被平台拒绝）",
          "请检查机器人是否在线、是否仍在群里；恢复后请学校管理员运行 jiaxiao outbox retry --failed 重新发送。"};
}

/// What one person is told about one group: the #N given up, in order, and messages of no #N.
struct Undelivered {
  std::vector<std::string> threads;
  int other = 0;
};
}  // namespace

std::vector<core::OutgoingMessage> chat_unreachable(store::Database& db, const core::Platforms& platforms,
                                                    const core::ChatRef& chat, std::int64_t now_ms) {
  store::Classes classes(db.sql());
  if (!store::Chats(db.sql()).mark_unreachable(chat, now_ms)) return {};
  const auto klass = classes.class_of(chat);
  if (!klass) return {};
  std::vector<core::OutgoingMessage> notes;
  const auto& platform = platforms.of(chat.platform);
  const std::string text = klass->name + "的" + platform.group_name(chat.id) +
                           " 已无法送达：机器人被移出或停用，或群已解散。发往该群的消息没有发出，其他群照常。" +
                           advice(platform);
  for (const auto member : teachers_of(db, klass->id)) {
    auto to = store::Members(db.sql()).private_chat(member);
    if (!to) continue;
    notes.push_back(core::OutgoingMessage{*to, text, {}, std::nullopt, std::nullopt});
  }
  return notes;
}

std::vector<core::OutgoingMessage> undelivered_notes(store::Database& db, const core::Platforms& platforms,
                                                     const std::vector<store::OutboxItem>& items,
                                                     std::chrono::milliseconds waited, GiveUpReason why) {
  // Keyed by (recipient, platform, group id): one note for each person and group, in the order met.
  std::map<std::tuple<std::int64_t, std::string, std::string>, Undelivered> by_person;
  std::vector<std::tuple<std::int64_t, std::string, std::string>> order;
  store::Threads threads(db.sql());
  store::Classes classes(db.sql());
  for (const auto& item : items) {
    const auto& chat = item.message.chat;
    if (chat.kind != core::ChatKind::group) continue;
    std::vector<std::int64_t> recipients;
    std::string label;
    if (const auto thread = item.message.thread ? threads.find(*item.message.thread) : std::nullopt) {
      label = "#" + std::to_string(thread->number) + (thread->title.empty() ? "" : "《" + thread->title + "》");
      if (thread->created_by) recipients.push_back(*thread->created_by);
    }
    if (recipients.empty()) {
      if (const auto klass = classes.class_of(chat)) recipients = teachers_of(db, klass->id);
    }
    for (const auto member : recipients) {
      const auto key = std::make_tuple(member, chat.platform, chat.id);
      auto [entry, added] = by_person.try_emplace(key);
      if (added) order.push_back(key);
      auto& undelivered = entry->second;
      if (label.empty()) ++undelivered.other;
      else if (std::find(undelivered.threads.begin(), undelivered.threads.end(), label) == undelivered.threads.end())
        undelivered.threads.push_back(label);
    }
  }
  std::vector<core::OutgoingMessage> notes;
  for (const auto& key : order) {
    const auto& [member, platform_name, chat_id] = key;
    const auto to = store::Members(db.sql()).private_chat(member);
    if (!to) continue;
    const core::ChatRef chat{platform_name, core::ChatKind::group, chat_id};
    const auto klass = classes.class_of(chat);
    const auto& undelivered = by_person.at(key);
    std::string what = core::join(undelivered.threads, "、");
    if (undelivered.other > 0) {
      const std::string others = std::to_string(undelivered.other) + " 条消息";
      what += what.empty() ? others : "和另外 " + others;
    }
    const auto& platform = platforms.of(chat.platform);
    const auto [reason, what_to_do] = why == GiveUpReason::no_way_out ? waiting_reason_and_advice(platform)
                                                                      : failing_reason_and_advice(platform);
    const std::string text = (klass ? klass->name + "的" : std::string()) + platform.group_name(chat.id) + "：" + what +
                             "等了 " + duration_label(waited) + reason + "，已放弃发送。" + what_to_do;
    notes.push_back(core::OutgoingMessage{*to, text, {}, std::nullopt, std::nullopt});
  }
  return notes;
}

}  // namespace jiaxiao::handlers
