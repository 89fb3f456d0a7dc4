#include "handlers/roster/binding.hpp"

#include <algorithm>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "store/binding_requests.hpp"
#include "store/members.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers::roster {

namespace {

using Binding = decltype(config::Settings{}.roster.binding);

/// Queues a private message to a member where their platform can send one; false when it cannot.
bool tell_privately(Context& ctx, std::int64_t member_id, std::string text) {
  const auto chat = store::Members(ctx.db.sql()).private_chat(member_id);
  if (!chat || !ctx.platforms.of(chat->platform).private_to_group_member) return false;
  ctx.send({*chat, std::move(text), {}, std::nullopt, std::nullopt});
  return true;
}

/// The class's teachers (班主任 and 任课教师), by member id.
std::vector<std::int64_t> teachers_of(Context& ctx, std::int64_t class_id) {
  std::vector<std::int64_t> out;
  for (const auto& grant : store::Roles(ctx.db.sql()).list(class_id)) {
    if (grant.role == store::Role::teacher && std::find(out.begin(), out.end(), grant.member_id) == out.end())
      out.push_back(grant.member_id);
  }
  return out;
}

/// How teachers tell a member apart: display name and platform id ("王芳妈妈（onebot:30001）").
std::string who_is(Context& ctx, std::int64_t member_id) {
  store::Members members(ctx.db.sql());
  const auto chat = members.private_chat(member_id);
  const std::string name = members.label(member_id);
  if (!chat) return name;
  const std::string id = core::qualified_id(chat->platform, chat->id);
  return name == chat->id ? id : name + "（" + id + "）";
}

/// SPEC §1.1: a binding that took effect is told to the student's other guardians and to the class's
/// teachers (but `except`, who made it happen), privately.
void tell_binding(Context& ctx, const store::ClassRow& klass, const store::Student& student, std::int64_t member_id,
                  const std::string& relation, std::optional<std::int64_t> except) {
  const std::string what = who_is(ctx, member_id) + " 已绑定为 " + student.name + "（" + klass.name + "）的" + relation + "。";
  for (const auto& g : store::Roster(ctx.db.sql()).guardians(student.id)) {
    if (g.member_id == member_id) continue;
    tell_privately(ctx, g.member_id, "【绑定通知】" + what + "如果您不认识这位家长，请联系班主任。");
  }
  for (const auto teacher : teachers_of(ctx, klass.id)) {
    if (teacher == member_id || teacher == except) continue;
    tell_privately(ctx, teacher, "【绑定通知】" + what + "如有误，请在班级群发送 /解绑 " + student.name + " 并 @ 这位成员。");
  }
}

/// Binds now; "" on success, else why not (the student has as many guardians as allowed).
std::string bind_now(Context& ctx, const store::Student& student, std::int64_t member_id, const std::string& relation,
                     bool& is_new) {
  store::Roster roster(ctx.db.sql());
  const auto guardians = roster.guardians(student.id);
  const bool already = std::any_of(guardians.begin(), guardians.end(), [&](const store::Guardian& g) { return g.member_id == member_id; });
  if (!already && static_cast<int>(guardians.size()) >= ctx.settings.roster.max_guardians) {
    return student.name + "已绑定 " + std::to_string(guardians.size()) + " 位家长，达到上限。如需更换，请联系班主任用 /解绑 解除。";
  }
  is_new = roster.bind(member_id, student.id, relation, ctx.clock.now_ms());
  return "";
}

/// "3" or "#3" → 3.
std::optional<std::int64_t> request_number(const core::ParsedCommand& command) {
  if (command.argv.size() != 1) return std::nullopt;
  std::string_view word = command.argv.front();
  if (word.starts_with("#")) word.remove_prefix(1);
  if (word.empty() || word.size() > 12 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(std::string(word));
}

/// /同意 and /拒绝: the request, checked to be pending and of a class the sender teaches.
std::optional<store::BindingRequest> decidable(Context& ctx, const core::ParsedCommand& command, std::string_view name) {
  const auto number = request_number(command);
  if (!number) {
    ctx.reply(usage_error(*ctx.registry.find(name), "请写绑定申请的编号（/名单 里可以看到），例如：/" + std::string(name) + " 3"));
    return std::nullopt;
  }
  const auto request = store::BindingRequests(ctx.db.sql()).find(*number);
  if (!request || (!ctx.access.admin && !store::Roles(ctx.db.sql()).holds(ctx.access.member_id, request->class_id, store::Role::teacher))) {
    ctx.reply("没有你可以处理的绑定申请 " + std::to_string(*number) + "。发送 /名单 查看待确认的申请。");
    return std::nullopt;
  }
  if (request->state != "pending") {
    ctx.reply("绑定申请 " + std::to_string(*number) + " 已经" + (request->state == "approved" ? "同意" : "拒绝") + "过了。");
    return std::nullopt;
  }
  return request;
}

void approve(Context& ctx, const core::ParsedCommand& command) {
  const auto request = decidable(ctx, command, "同意");
  if (!request) return;
  const auto student = store::Roster(ctx.db.sql()).by_id(request->student_id);
  const auto klass = store::Classes(ctx.db.sql()).by_id(request->class_id);
  if (!student || !klass) return ctx.reply("这个申请的学生已不在名单里，无法同意。");
  bool is_new = false;
  if (const auto problem = bind_now(ctx, *student, request->member_id, request->relation, is_new); !problem.empty())
    return ctx.reply(problem);
  store::BindingRequests(ctx.db.sql()).decide(request->id, "approved", ctx.access.member_id, ctx.clock.now_ms());
  tell_privately(ctx, request->member_id,
                 "你的绑定申请已通过：你是 " + student->name + "（" + klass->name + "）的" + request->relation + "。发送 /我的 查看等你回复的事项。");
  tell_binding(ctx, *klass, *student, request->member_id, request->relation, ctx.access.member_id);
  ctx.reply("已同意绑定申请 " + std::to_string(request->id) + "：" + who_is(ctx, request->member_id) + " 是 " + student->name + " 的" +
            request->relation + "。");
}

void reject(Context& ctx, const core::ParsedCommand& command) {
  const auto request = decidable(ctx, command, "拒绝");
  if (!request) return;
  store::BindingRequests(ctx.db.sql()).decide(request->id, "rejected", ctx.access.member_id, ctx.clock.now_ms());
  const auto student = store::Roster(ctx.db.sql()).by_id(request->student_id);
  tell_privately(ctx, request->member_id,
                 "你绑定 " + (student ? student->name : std::string("孩子")) + " 的申请没有通过。如有疑问，请联系班主任。");
  ctx.reply("已拒绝绑定申请 " + std::to_string(request->id) + "。");
}

}  // namespace

void bind_or_request(Context& ctx, const store::ClassRow& klass, const store::Student& student, const std::string& relation) {
  store::Roster roster(ctx.db.sql());
  const auto guardians = roster.guardians(student.id);
  const bool already = std::any_of(guardians.begin(), guardians.end(), [&](const store::Guardian& g) { return g.member_id == ctx.access.member_id; });
  const std::string whose = student.name + "（" + klass.name + "）的" + relation;
  // A bound guardian changes only the relation; that needs no teacher.
  if (ctx.settings.roster.binding == Binding::open || already) {
    bool is_new = false;
    if (const auto problem = bind_now(ctx, student, ctx.access.member_id, relation, is_new); !problem.empty()) return ctx.reply(problem);
    ctx.reply(std::string(is_new ? "已绑定" : "已更新") + "：你是 " + whose + "。");
    if (is_new) tell_binding(ctx, klass, student, ctx.access.member_id, relation, std::nullopt);
    return;
  }
  store::BindingRequests requests(ctx.db.sql());
  if (const auto pending = requests.pending_for(ctx.access.member_id, student.id))
    return ctx.reply("你的绑定申请（编号 " + std::to_string(pending->id) + "）正在等班主任确认，确认后会私信告诉你。");
  if (static_cast<int>(guardians.size()) >= ctx.settings.roster.max_guardians)
    return ctx.reply(student.name + "已绑定 " + std::to_string(guardians.size()) + " 位家长，达到上限。如需更换，请联系班主任用 /解绑 解除。");
  const auto id = requests.create(klass.id, student.id, ctx.access.member_id, relation, ctx.clock.now_ms());
  std::size_t told = 0;
  for (const auto teacher : teachers_of(ctx, klass.id)) {
    if (tell_privately(ctx, teacher, "【绑定申请 " + std::to_string(id) + "】" + who_is(ctx, ctx.access.member_id) + " 申请绑定为 " + whose +
                                         "。同意请发送 /同意 " + std::to_string(id) + "，不是本人家长请发送 /拒绝 " + std::to_string(id) + "。"))
      ++told;
  }
  ctx.reply("已提交绑定申请（编号 " + std::to_string(id) + "）：" + whose + "。等班主任确认后生效，" +
            (told > 0 ? "确认后会私信告诉你。" : "请提醒班主任在群里发送 /名单 查看。"));
}

std::string pending_requests_text(store::Database& db, std::int64_t class_id) {
  const auto pending = store::BindingRequests(db.sql()).pending(class_id);
  if (pending.empty()) return "";
  store::Roster roster(db.sql());
  store::Members members(db.sql());
  std::string text = "\n待确认的绑定申请（" + std::to_string(pending.size()) + "）：";
  for (const auto& r : pending) {
    const auto student = roster.by_id(r.student_id);
    const auto chat = members.private_chat(r.member_id);
    text += "\n" + std::to_string(r.id) + ". " + (student ? student->name : std::string("?")) + " " + r.relation + " ← " +
            members.label(r.member_id) + (chat ? "（" + core::qualified_id(chat->platform, chat->id) + "）" : "");
  }
  return text + "\n发送 /同意 编号 或 /拒绝 编号 处理。";
}

void register_decisions(Registry& registry) {
  registry.add({.name = "同意", .aliases = {"approve"}, .usage = "/同意 <申请编号>",
                .summary = "同意家长的绑定申请（班主任、任课教师）", .run = approve});
  registry.add({.name = "拒绝", .aliases = {"reject"}, .usage = "/拒绝 <申请编号>",
                .summary = "拒绝家长的绑定申请", .run = reject});
}

}  // namespace jiaxiao::handlers::roster
