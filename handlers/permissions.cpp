#include "handlers/permissions.hpp"

namespace jiaxiao::handlers {

namespace {
using enum Who;
constexpr Where group = Where::group;
constexpr Where private_only = Where::private_chat;
constexpr std::string_view visit_privacy = "家访信息涉及学生隐私，请私聊我";
/// A 信箱 letter typed in the group stays there under the parent's name: say how to take it back.
constexpr std::string_view mailbox_in_group =
    "信箱的内容不要发在群里：请长按刚才那条消息“撤回”，再私聊我发送 /信箱 内容（学校看不到你的名字）。";
}  // namespace

const std::vector<Permission>& permission_table() {
  // Reads as SPEC §2's table. Admins may use everything and are not listed.
  static const std::vector<Permission> table = {
      {"帮助", {anyone}},
      {"班级", {teacher}, group},
      {"角色", {teacher}, group, true},
      {"名单", {teacher}, Where::any, true},
      {"同意", {teacher}, Where::any},  // a teacher of the request's class: checked by the handler
      {"拒绝", {teacher}, Where::any},
      {"绑定", {anyone}, group, true},
      {"解绑", {anyone}, group, true},  // others' bindings: teachers only, checked by the handler
      {"告家长书", {teacher}, group, true},
      {"收到", {guardian}, Where::any},
      {"回执", {teacher}, Where::any, true},
      {"催回执", {teacher}, group, true},
      {"家长会", {teacher}, group, true},
      {"开放日", {teacher}, group, true},
      {"家委会会议", {teacher, chair}, group, true},
      {"参加", {guardian}, Where::any},
      {"参会", {teacher, chair, committee}, Where::any, true},
      {"会议记录", {teacher, chair}, Where::any, true},
      {"投票", {teacher, chair, committee}, group, true},
      {"投", {guardian}, group, true},
      {"结果", {teacher, chair, committee}, Where::any, true},
      {"接龙", {teacher, chair, committee}, group, true},
      {"家访计划", {teacher}, private_only, false, visit_privacy},
      {"家访", {teacher}, private_only, false, visit_privacy},
      {"家访记录", {teacher}, private_only, false, visit_privacy},
      {"家访统计", {teacher}, private_only, false, visit_privacy},
      {"提醒", {teacher, chair}, Where::any},
      {"取消", {anyone}, Where::any},  // its creator or a teacher: checked by the handler
      {"信箱", {anyone}, private_only, false, mailbox_in_group},
      {"信箱回复", {}, private_only},  // admins only
      {"我的", {anyone}, Where::any},
  };
  return table;
}

const Permission* permission_for(std::string_view command) {
  for (const auto& p : permission_table()) {
    if (p.command == command) return &p;
  }
  return nullptr;
}

bool allowed(const Permission& permission, const Access& access) {
  if (access.admin) return true;
  for (Who who : permission.who) {
    switch (who) {
      case Who::anyone: return true;
      case Who::guardian: if (access.guardian) return true; break;
      case Who::teacher: if (access.has(store::Role::teacher)) return true; break;
      case Who::chair: if (access.has(store::Role::chair)) return true; break;
      case Who::committee: if (access.has(store::Role::committee)) return true; break;
    }
  }
  return false;
}

std::optional<std::string> refusal(const Permission& permission, const Access& access, const core::ChatRef& chat) {
  const std::string command = "/" + std::string(permission.command);
  if (permission.where == Where::group && chat.kind != core::ChatKind::group)
    return "请在班级群里使用 " + command + "。";
  if (permission.where == Where::private_chat && chat.kind == core::ChatKind::group)
    return permission.private_reason.empty() ? command + " 涉及个人信息，请私聊我使用。"
                                             : std::string(permission.private_reason);
  if (permission.needs_class && chat.kind == core::ChatKind::group && !access.klass)
    return "本群还没有关联班级。请班主任或学校管理员先发送 /班级 班级名，例如：/班级 三年级2班";
  if (allowed(permission, access)) return std::nullopt;
  std::string who;
  for (Who w : permission.who) {
    const char* name = w == Who::guardian    ? "已绑定学生的家长"
                       : w == Who::teacher   ? "班主任、任课教师"
                       : w == Who::chair     ? "家委会主任"
                       : w == Who::committee ? "家委会委员"
                                             : "";
    who += (who.empty() ? "" : "、") + std::string(name);
  }
  if (who.empty()) return "只有学校管理员可以使用 " + command + "。";
  return "只有" + who + "或学校管理员可以使用 " + command + "。";
}

}  // namespace jiaxiao::handlers
