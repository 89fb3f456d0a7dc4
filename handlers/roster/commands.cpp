#include "handlers/roster/commands.hpp"

#include <algorithm>
#include <functional>

#include "bot/core/text.hpp"
#include "handlers/roster/binding.hpp"
#include "handlers/scope.hpp"
#include "handlers/roster/listing.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/messages.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::roster {

const std::vector<std::string>& relations() {
  static const std::vector<std::string> list = {"爸爸", "妈妈", "父亲", "母亲", "爷爷", "奶奶", "外公", "外婆",
                                                "姥姥", "姥爷", "哥哥", "姐姐", "叔叔", "阿姨", "其他"};
  return list;
}

namespace {

const CommandSpec* spec_of(const Context& ctx, std::string_view name) { return ctx.registry.find(name); }

/// Answers wrong use: the reason and the usage line.
void wrong_use(Context& ctx, std::string_view command, std::string_view reason) {
  ctx.reply(usage_error(*spec_of(ctx, command), reason));
}

std::string joined(const std::vector<std::string>& items, std::string_view separator = "、") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

/// A mentioned member on the chat's platform: stored (created if never seen) and labelled.
std::int64_t mentioned_member(Context& ctx, const std::string& user_id) {
  return store::Members(ctx.db.sql()).upsert({ctx.message.chat.platform, user_id, ""}, ctx.clock.now_ms());
}

std::string label(Context& ctx, std::int64_t member_id) { return store::Members(ctx.db.sql()).label(member_id); }

/// Finds the student a parent or teacher means; on failure `problem` says why, in Chinese.
struct StudentLookup {
  std::optional<store::Student> student;
  std::string problem;
};

/// `example(number)` is the command written with a 学号, shown when two students share the name.
StudentLookup find_student(Context& ctx, const store::ClassRow& klass, const std::string& name,
                           const std::optional<std::string>& number,
                           const std::function<std::string(const std::string&)>& example) {
  store::Roster roster(ctx.db.sql());
  // Only the class's teachers (and admins) learn anything about the roster from a miss: to anyone else a
  // wrong name or 学号 gives no name, no 学号 and no suggestion (SPEC §1.1).
  const bool may_see_roster = ctx.access.manages();
  const std::string not_found = "名单里没有这位学生，请核对姓名或联系班主任。";
  if (number) {
    auto by_number = roster.by_number(klass.id, *number);
    if (!by_number) return {std::nullopt, may_see_roster ? klass.name + "没有学号为 " + *number + " 的学生。" : not_found};
    if (by_number->name != name)
      return {std::nullopt, may_see_roster ? "学号 " + *number + " 是" + by_number->name + "，不是" + name + "。" : not_found};
    return {by_number, ""};
  }
  auto same_name = roster.by_name(klass.id, name);
  if (same_name.size() == 1) return {same_name.front(), ""};
  if (same_name.size() > 1) {
    const std::string shown_number = may_see_roster ? same_name.front().number.value_or("学号") : "学号";
    return {std::nullopt, klass.name + "有 " + std::to_string(same_name.size()) + " 位" + quote_input(name) +
                              "，请加上学号，例如：" + example(shown_number)};
  }
  const auto all = roster.students(klass.id);
  if (all.empty()) return {std::nullopt, klass.name + "还没有导入学生名单，请联系班主任。"};
  if (!may_see_roster) return {std::nullopt, not_found};
  std::vector<std::string> near;
  for (const auto& s : all) {
    if (core::edit_distance(s.name, name) <= 1 && near.size() < 5) near.push_back(s.name);
  }
  std::string problem = klass.name + "的名单里没有" + quote_input(name) + "。";
  if (!near.empty()) problem += "你是不是要找：" + joined(near) + "？";
  else problem += "请核对孩子的姓名（与学校名单一致）。";
  return {std::nullopt, problem};
}

bool is_number(const std::string& word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// /班级 <班级名>
void link_class(Context& ctx, const core::ParsedCommand& command) {
  store::Classes classes(ctx.db.sql());
  const auto current = ctx.access.klass;
  if (command.argv.empty()) {
    if (current) ctx.reply("本群关联的班级是 " + current->name + "。");
    else wrong_use(ctx, "班级", "请写上班级名，例如：/班级 三年级2班");
    return;
  }
  const bool committee = command.argv.size() == 2 && command.argv[1] == "家委会";
  if (command.argv.size() > 1 && !committee) return wrong_use(ctx, "班级", "班级名里不能有空格；家委会群请写：/班级 三年级2班 家委会");
  const std::string& name = command.argv.front();
  if (core::utf8_length(name) > 32) return wrong_use(ctx, "班级", "班级名太长（最多 32 个字）。");
  if (current && current->name == name && !committee) return ctx.reply("本群已关联 " + name + "。");
  auto target = classes.find(name);
  if (!ctx.access.admin) {
    if (!target)
      return ctx.reply("还没有" + quote_input(name) + "这个班级。请学校管理员在本群发送 /班级 " + name + " 创建并关联。");
    if (!store::Roles(ctx.db.sql()).holds(ctx.access.member_id, target->id, store::Role::teacher))
      return ctx.reply("只有" + name + "的班主任、任课教师或学校管理员可以把本群关联到" + name + "。");
    if (current) return ctx.reply("本群已关联 " + current->name + "，只有学校管理员可以改为关联其他班级。");
  }
  bool created = false;
  const auto klass = classes.create(name, ctx.clock.now_ms(), &created);
  classes.link(ctx.message.chat, klass.id, std::nullopt, ctx.clock.now_ms(), committee);
  if (committee)
    return ctx.reply("已将本群设为 " + name + " 的家委会群" + (created ? "（新建班级）" : "") + "：家委会会议发到这里，告家长书、投票和接龙不发到这里。");
  std::string text = "已将本群关联到 " + name + (created ? "（新建班级）" : "") + "。";
  text += "\n家长请发送“/绑定 孩子姓名 关系”绑定孩子，例如：/绑定 张小明 妈妈";
  ctx.reply(std::move(text));
}

struct RoleWord {
  std::string_view word;
  store::Role role;
  std::string_view title;
};
constexpr RoleWord role_words[] = {
    {"班主任", store::Role::teacher, "班主任"},       {"教师", store::Role::teacher, "任课教师"},
    {"任课教师", store::Role::teacher, "任课教师"},   {"老师", store::Role::teacher, "任课教师"},
    {"家委会主任", store::Role::chair, "家委会主任"}, {"家委会委员", store::Role::committee, "家委会委员"},
    {"家委", store::Role::committee, "家委会委员"},
};

// /角色 <@成员> <班主任|教师|家委会主任|家委会委员>, or /角色 <@成员> 取消
void set_role(Context& ctx, const core::ParsedCommand& command) {
  if (ctx.message.mentions.empty()) return wrong_use(ctx, "角色", "请 @ 要设置角色的成员。");
  if (command.argv.size() != 1) return wrong_use(ctx, "角色", "请写一个角色：班主任、教师、家委会主任、家委会委员，或“取消”。");
  const std::string& word = command.argv.front();
  const auto& klass = *ctx.access.klass;
  store::Roles roles(ctx.db.sql());
  const std::string by = core::qualified_id(ctx.message.sender.platform, ctx.message.sender.id);
  std::vector<std::string> done;
  if (word == "取消") {
    for (const auto& user : ctx.message.mentions) {
      const auto member = mentioned_member(ctx, user);
      const int removed = roles.revoke(member, klass.id, std::nullopt);
      done.push_back(label(ctx, member) + (removed > 0 ? "" : "（原本没有角色）"));
    }
    return ctx.reply("已取消 " + joined(done) + " 在" + klass.name + "的角色。");
  }
  const auto it = std::find_if(std::begin(role_words), std::end(role_words),
                               [&](const RoleWord& w) { return w.word == word; });
  if (it == std::end(role_words))
    return wrong_use(ctx, "角色", "没有" + quote_input(word) + "这个角色；可选：班主任、教师、家委会主任、家委会委员。");
  for (const auto& user : ctx.message.mentions) {
    const auto member = mentioned_member(ctx, user);
    roles.grant(member, klass.id, it->role, std::string(it->title), by, ctx.clock.now_ms());
    done.push_back(label(ctx, member));
  }
  ctx.reply("已将 " + joined(done) + " 设为" + klass.name + "的" + std::string(it->title) + "。");
}

// /名单
void show_roster(Context& ctx, const core::ParsedCommand& command) {
  std::string args = command.args;
  const auto klass = class_in_view(ctx, args, {store::Role::teacher});
  if (!klass) return;
  ctx.reply(roster_text(ctx.db, *klass) + pending_requests_text(ctx.db, klass->id));
}

// /绑定 <学生姓名> [学号] <关系>
void bind(Context& ctx, const core::ParsedCommand& command) {
  const auto& argv = command.argv;
  if (argv.size() < 2 || argv.size() > 3)
    return wrong_use(ctx, "绑定", "请写明孩子姓名和你的关系，例如：/绑定 张小明 妈妈");
  const std::string& name = argv[0];
  const std::string& relation = argv.back();
  std::optional<std::string> number;
  if (argv.size() == 3) {
    if (!is_number(argv[1])) return wrong_use(ctx, "绑定", "学号应是数字：“" + argv[1] + "”不是。");
    number = argv[1];
  }
  const auto& list = relations();
  if (std::find(list.begin(), list.end(), relation) == list.end())
    return wrong_use(ctx, "绑定", "关系只能是：" + joined(list) + "。");
  const auto& klass = *ctx.access.klass;
  auto found = find_student(ctx, klass, name, number,
                            [&](const std::string& no) { return "/绑定 " + name + " " + no + " " + relation; });
  if (!found.student) return ctx.reply(found.problem);
  bind_or_request(ctx, klass, *found.student, relation);
}

// /解绑 <学生姓名> [学号] [<@成员>]
void unbind(Context& ctx, const core::ParsedCommand& command) {
  const auto& argv = command.argv;
  if (argv.empty() || argv.size() > 2) return wrong_use(ctx, "解绑", "请写明孩子姓名，例如：/解绑 张小明");
  std::optional<std::string> number;
  if (argv.size() == 2) {
    if (!is_number(argv[1])) return wrong_use(ctx, "解绑", "学号应是数字：“" + argv[1] + "”不是。");
    number = argv[1];
  }
  std::int64_t member = ctx.access.member_id;
  if (!ctx.message.mentions.empty()) {
    if (ctx.message.mentions.size() > 1) return wrong_use(ctx, "解绑", "一次只能解除一位家长。");
    const auto& user = ctx.message.mentions.front();
    if (user != ctx.message.sender.id) {
      if (!ctx.access.manages()) return ctx.reply("只有班主任或任课教师可以解除其他家长的绑定。");
      member = mentioned_member(ctx, user);
    }
  }
  const auto& klass = *ctx.access.klass;
  auto found = find_student(ctx, klass, argv[0], number,
                            [&](const std::string& no) { return "/解绑 " + argv[0] + " " + no; });
  if (!found.student) return ctx.reply(found.problem);
  const std::string who = member == ctx.access.member_id ? "你" : label(ctx, member);
  if (!store::Roster(ctx.db.sql()).unbind(member, found.student->id))
    return ctx.reply(who + "不是" + argv[0] + "的家长，没有可解除的绑定。");
  ctx.reply("已解除" + who + "与" + argv[0] + "的绑定。");
}

// /我的
void mine(Context& ctx, const core::ParsedCommand&) {
  const auto wards = store::Roster(ctx.db.sql()).wards(ctx.access.member_id);
  std::string text;
  const bool staff = !store::Roles(ctx.db.sql()).classes_of(ctx.access.member_id).empty() || ctx.access.admin;
  if (wards.empty()) {
    // A teacher is not asked to bind a child; a parent is.
    if (!staff) text = "你还没有绑定孩子。请在班级群里发送“/绑定 孩子姓名 关系”，例如：/绑定 张小明 妈妈";
  } else {
    text = "你绑定的孩子：";
    for (const auto& w : wards) text += "\n" + w.student.name + "（" + w.class_name + "）— " + w.relation;
  }
  std::vector<std::string> held;
  for (const auto& grant : store::Roles(ctx.db.sql()).list(std::nullopt)) {
    if (grant.member_id != ctx.access.member_id) continue;
    held.push_back(grant.class_name ? *grant.class_name + " " + grant.title : grant.title);
  }
  if (!held.empty()) text += std::string(text.empty() ? "" : "\n") + "你的角色：" + joined(held);
  if (text.empty()) text = "你是学校管理员。";
  for (const auto& summary : ctx.registry.summaries()) {
    const std::string line = summary(ctx);
    if (!line.empty()) text += "\n" + line;
  }
  ctx.reply(std::move(text));
}

}  // namespace

void register_commands(Registry& registry) {
  registry.add({.name = "班级", .aliases = {"class"}, .usage = "/班级 <班级名> [家委会]",
                .summary = "把本群关联到班级（班主任、管理员）", .run = link_class});
  registry.add({.name = "角色", .aliases = {"role"}, .usage = "/角色 <@成员> <班主任|教师|家委会主任|家委会委员|取消>",
                .summary = "设置或取消成员在本班的角色", .run = set_role});
  registry.add({.name = "名单", .aliases = {"roster"}, .usage = "/名单",
                .summary = "本班学生及已绑定的家长、尚未绑定的学生和待确认的绑定申请", .run = show_roster});
  registry.add({.name = "绑定", .aliases = {"bind"}, .usage = "/绑定 <孩子姓名> [学号] <关系>",
                .summary = "家长绑定自己的孩子（同名时加学号）", .run = bind});
  register_decisions(registry);
  registry.add({.name = "解绑", .aliases = {"unbind"}, .usage = "/解绑 <孩子姓名> [学号] [@家长]",
                .summary = "解除绑定（家长本人；班主任可解除他人）", .run = unbind});
  registry.add({.name = "我的", .aliases = {"me"}, .usage = "/我的",
                .summary = "我绑定的孩子和我的角色", .run = mine});
}

}  // namespace jiaxiao::handlers::roster
