#include "bot/app/people_cli.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "bot/adapters/registry.hpp"
#include "bot/core/clock.hpp"
#include "handlers/audience.hpp"
#include "handlers/roster/import.hpp"
#include "handlers/roster/listing.hpp"
#include "store/classes.hpp"
#include "store/members.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"

namespace jiaxiao::app {

namespace {

/// "PLATFORM:ID" with a platform of the registry; nullopt otherwise.
std::optional<std::pair<std::string, std::string>> split_qualified(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  const std::string platform = text.substr(0, colon);
  if (!adapters::find_platform(platform)) return std::nullopt;
  return std::pair{platform, text.substr(colon + 1)};
}

/// "onebot, wecom, qq or console": the registry's platforms, for a usage line.
std::string platform_names() {
  const auto names = adapters::platforms().names();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

std::optional<store::ClassRow> need_class(store::Database& db, const Arguments& args, int& exit_code) {
  auto name = args.option("class");
  if (!name || name->empty()) {
    exit_code = wrong_use("--class C is required");
    return std::nullopt;
  }
  auto klass = store::Classes(db.sql()).find(*name);
  if (!klass) {
    std::cerr << "jiaxiao: no class " << *name << " (create it with: jiaxiao class add " << *name << ")\n";
    exit_code = 1;
  }
  return klass;
}

std::string_view default_title(store::Role role) {
  switch (role) {
    case store::Role::admin: return "管理员";
    case store::Role::teacher: return "任课教师";
    case store::Role::chair: return "家委会主任";
    case store::Role::committee: return "家委会委员";
  }
  return "";
}

}  // namespace

int class_command(const Arguments& args, const config::Config& config) {
  const std::string what = args.word(1);
  core::SystemClock clock;
  store::Database db(config.database);
  store::Classes classes(db.sql());
  if (what == "add") {
    if (args.words.size() != 3) return wrong_use("class add NAME");
    bool created = false;
    classes.create(args.word(2), clock.now_ms(), &created);
    std::cout << (created ? "created class " : "class already exists: ") << args.word(2) << "\n";
    return 0;
  }
  if (what == "link") {
    if (args.words.size() != 4) return wrong_use("class link NAME PLATFORM:GROUP [--webhook-key KEY] [--committee]");
    auto klass = classes.find(args.word(2));
    if (!klass) {
      std::cerr << "jiaxiao: no class " << args.word(2) << " (create it with: jiaxiao class add " << args.word(2)
                << ")\n";
      return 1;
    }
    auto group = split_qualified(args.word(3));
    if (!group) return wrong_use("the group must be PLATFORM:GROUP with PLATFORM " + platform_names());
    auto key = args.option("webhook-key");
    if (key && adapters::find_platform(group->first)->capabilities.group_push != core::GroupPush::with_push_key)
      return wrong_use("--webhook-key is for groups of a platform that pushes through a group robot's key (WeCom)");
    SQLite::Transaction transaction(db.sql());
    const bool committee = args.options.contains("committee");
    handlers::link_group(db, {group->first, core::ChatKind::group, group->second}, klass->id, key, clock.now_ms(), committee);
    transaction.commit();
    std::cout << "linked " << args.word(3) << " to " << klass->name << (committee ? " as its 家委会 group" : "")
              << (key ? " with a webhook key" : "") << "\n";
    return 0;
  }
  if (what == "list") {
    store::Roster roster(db.sql());
    for (const auto& klass : classes.all()) {
      std::string groups;
      for (const auto& linked : classes.chats(klass.id)) {
        groups += (groups.empty() ? "" : ", ") + core::qualified_id(linked.chat.platform, linked.chat.id);
        if (linked.webhook_key) groups += " (webhook key)";
        if (linked.committee) groups += " (家委会)";
        if (linked.unreachable) groups += " (unreachable)";
      }
      const auto students = roster.students(klass.id);
      std::size_t bound = 0;
      for (const auto& s : students) bound += roster.guardians(s.id).empty() ? 0 : 1;
      std::cout << klass.name << "\tstudents " << students.size() << "\tbound " << bound << "\tgroups "
                << (groups.empty() ? "-" : groups) << "\n";
    }
    return 0;
  }
  return wrong_use("class add NAME | link NAME PLATFORM:GROUP [--webhook-key KEY] | list");
}

int role_command(const Arguments& args, const config::Config& config) {
  const std::string what = args.word(1);
  core::SystemClock clock;
  store::Database db(config.database);
  store::Roles roles(db.sql());
  int exit_code = 0;
  if (what == "grant" || what == "revoke") {
    if (args.words.size() != 4) return wrong_use("role " + what + " PLATFORM:USER ROLE [--class C]");
    auto user = split_qualified(args.word(2));
    if (!user) return wrong_use("the user must be PLATFORM:USER with PLATFORM " + platform_names());
    auto role = store::role_from_string(args.word(3));
    if (!role) return wrong_use("ROLE must be admin, teacher, chair or committee");
    std::optional<std::int64_t> class_id;
    std::string where = "school-wide";
    if (*role == store::Role::admin) {
      if (args.option("class")) return wrong_use("admin is school-wide: no --class");
    } else {
      auto klass = need_class(db, args, exit_code);
      if (!klass) return exit_code;
      class_id = klass->id;
      where = klass->name;
    }
    SQLite::Transaction transaction(db.sql());
    const auto member = store::Members(db.sql()).upsert({user->first, user->second, ""}, clock.now_ms());
    if (what == "grant") {
      const std::string title = args.option("title").value_or(std::string(default_title(*role)));
      roles.grant(member, class_id, *role, title, "cli", clock.now_ms());
      std::cout << "granted " << args.word(3) << " (" << title << ") to " << args.word(2) << " in " << where << "\n";
    } else if (roles.revoke(member, class_id, role) == 0) {
      std::cout << args.word(2) << " had no role " << args.word(3) << " in " << where << "\n";
    } else {
      std::cout << "revoked " << args.word(3) << " from " << args.word(2) << " in " << where << "\n";
    }
    transaction.commit();
    return 0;
  }
  if (what == "list") {
    std::optional<std::int64_t> class_id;
    if (args.option("class")) {
      auto klass = need_class(db, args, exit_code);
      if (!klass) return exit_code;
      class_id = klass->id;
    } else {
      for (const auto& admin : config.admins) std::cout << "(school)\tadmin\t管理员\t" << admin << "\t(config)\n";
    }
    for (const auto& g : roles.list(class_id)) {
      std::cout << g.class_name.value_or("(school)") << "\t" << store::to_string(g.role) << "\t" << g.title << "\t"
                << core::qualified_id(g.platform, g.user_id) << "\t" << (g.name.empty() ? "-" : g.name) << "\n";
    }
    return 0;
  }
  return wrong_use("role grant|revoke PLATFORM:USER ROLE [--class C] [--title T] | list [--class C]");
}

int roster_command(const Arguments& args, const config::Config& config) {
  const std::string what = args.word(1);
  core::SystemClock clock;
  store::Database db(config.database);
  int exit_code = 0;
  if (what == "import") {
    if (args.words.size() != 3) return wrong_use("roster import FILE.csv --class C");
    auto klass = need_class(db, args, exit_code);
    if (!klass) return exit_code;
    std::ifstream file(args.word(2), std::ios::binary);
    if (!file) {
      std::cerr << "jiaxiao: cannot read " << args.word(2) << "\n";
      return 1;
    }
    std::stringstream bytes;
    bytes << file.rdbuf();
    const auto report = handlers::roster::import_roster(db, config, *klass, bytes.str(), clock.now_ms());
    for (const auto& column : report.ignored_columns) std::cout << "忽略的列：" << column << "\n";
    if (!report.errors.empty()) {
      for (const auto& error : report.errors) std::cerr << error << "\n";
      std::cerr << "名单有 " << report.errors.size() << " 处错误，未导入任何学生。\n";
      return 1;
    }
    std::cout << klass->name << "：新增 " << report.added << " 人，更新 " << report.updated << " 人，未变 "
              << report.unchanged << " 人。\n";
    if (!report.not_in_file.empty()) {
      std::cout << "名单文件里没有、但仍保留在班级中的学生（" << report.not_in_file.size() << " 人）：";
      for (std::size_t i = 0; i < report.not_in_file.size(); ++i) std::cout << (i ? "、" : "") << report.not_in_file[i];
      std::cout << "\n";
    }
    return 0;
  }
  if (what == "list") {
    auto klass = need_class(db, args, exit_code);
    if (!klass) return exit_code;
    std::cout << handlers::roster::roster_text(db, *klass) << "\n";
    return 0;
  }
  return wrong_use("roster import FILE.csv --class C | list --class C");
}

}  // namespace jiaxiao::app
