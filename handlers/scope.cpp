#include "handlers/scope.hpp"

#include <algorithm>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::handlers {

namespace {

bool holds_any(Context& ctx, std::int64_t class_id, const std::vector<store::Role>& roles) {
  if (ctx.access.admin) return true;
  store::Roles grants(ctx.db.sql());
  return std::any_of(roles.begin(), roles.end(), [&](store::Role r) { return grants.holds(ctx.access.member_id, class_id, r); });
}

}  // namespace

std::optional<store::ClassRow> class_in_view(Context& ctx, std::string& args, const std::vector<store::Role>& roles) {
  if (ctx.access.klass) return ctx.access.klass;
  store::Classes classes(ctx.db.sql());
  std::optional<store::ClassRow> klass;
  if (const auto n = core::find_thread_reference(args)) {
    const auto thread = store::Threads(ctx.db.sql()).find(*n);
    if (thread && thread->class_id) klass = classes.by_id(*thread->class_id);
    if (!klass || !holds_any(ctx, klass->id, roles)) {
      ctx.reply("没有你可以查看的 #" + std::to_string(*n) + "。");
      return std::nullopt;
    }
    return klass;
  }
  const auto words = core::split_args(args);
  if (!words.empty()) {
    if (auto named = classes.find(words.front())) {
      if (!holds_any(ctx, named->id, roles)) {
        ctx.reply("你不是" + named->name + "的老师或家委会成员，不能查看。");
        return std::nullopt;
      }
      args = std::string(core::trim(std::string_view(args).substr(args.find(words.front()) + words.front().size())));
      return named;
    }
  }
  // The classes where the sender holds such a role; an admin who holds none looks at any class.
  std::vector<store::ClassRow> mine;
  store::Roles grants(ctx.db.sql());
  for (const auto id : grants.classes_of(ctx.access.member_id)) {
    const bool held = std::any_of(roles.begin(), roles.end(), [&](store::Role r) { return grants.holds(ctx.access.member_id, id, r); });
    if (held) {
      if (auto c = classes.by_id(id)) mine.push_back(std::move(*c));
    }
  }
  if (mine.empty() && ctx.access.admin) mine = classes.all();
  if (mine.size() == 1) return mine.front();
  const std::string command = "/" + ctx.registry.find(core::parse_command(ctx.text)->name)->name;
  if (mine.empty()) {
    ctx.reply("你在任何班级都没有可以查看的角色。");
  } else {
    std::vector<std::string> names;
    for (const auto& c : mine) names.push_back(c.name);
    ctx.reply("请写明班级，例如：" + command + " " + mine.front().name + "（你的班级：" + core::join(names, "、") + "）");
  }
  return std::nullopt;
}

std::string not_the_item(Context& ctx, std::int64_t n, std::string_view wanted) {
  const auto thread = store::Threads(ctx.db.sql()).find(n);
  if (!thread) return "没有 #" + std::to_string(n) + "，请核对编号。";
  return "#" + std::to_string(n) + " 是“" + thread->title + "”，不是本班的" + std::string(wanted) + "。";
}

}  // namespace jiaxiao::handlers
