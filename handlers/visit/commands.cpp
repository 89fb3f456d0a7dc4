#include "handlers/visit/commands.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "bot/core/zone.hpp"
#include "handlers/audience.hpp"
#include "handlers/reading.hpp"
#include "store/classes.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "store/visits.hpp"

namespace jiaxiao::handlers::visit {

namespace {

constexpr std::array<std::string_view, 8> field_keys = {"目的", "问题", "内容", "形式", "类别", "情况", "意见", "后续"};
const std::vector<std::string> forms = {"入户", "电话", "到校", "线上"};

/// The classes whose students the sender may see: their teaching classes, or all for an admin.
std::vector<store::ClassRow> my_classes(Context& ctx) {
  store::Classes classes(ctx.db.sql());
  if (ctx.access.admin) return classes.all();
  std::vector<store::ClassRow> out;
  for (const auto& grant : store::Roles(ctx.db.sql()).list(std::nullopt)) {
    if (grant.member_id != ctx.access.member_id || grant.role != store::Role::teacher || !grant.class_name) continue;
    if (auto k = classes.find(*grant.class_name)) out.push_back(*k);
  }
  return out;
}

struct Found {
  std::optional<store::Student> student;
  std::string problem;
};

/// A student by name (and 学号 when given) in the sender's classes.
Found find_student(Context& ctx, const std::string& name, const std::optional<std::string>& number) {
  std::vector<store::Student> matches;
  store::Roster roster(ctx.db.sql());
  for (const auto& k : my_classes(ctx)) {
    for (const auto& s : roster.by_name(k.id, name)) {
      if (!number || s.number == number) matches.push_back(s);
    }
  }
  if (matches.size() == 1) return {matches.front(), ""};
  if (matches.empty()) return {std::nullopt, "你任教的班级里没有" + quote_input(name) + (number ? "（学号 " + *number + "）" : "") + "。"};
  // A teacher may see their classes' roster: name each one so the right 学号 can be typed.
  std::vector<std::string> which;
  for (const auto& s : matches) {
    const auto klass = store::Classes(ctx.db.sql()).by_id(s.class_id);
    which.push_back((klass ? klass->name + " " : std::string()) + "学号 " + s.number.value_or("（无）"));
  }
  return {std::nullopt, "你任教的班级里有 " + std::to_string(matches.size()) + " 位" + quote_input(name) + "：" + core::join(which, "、") +
                            "。请在姓名后写学号，例如：" + name + " " + matches.front().number.value_or("学号") + "。"};
}

std::string class_name_of(Context& ctx, std::int64_t class_id) {
  auto k = store::Classes(ctx.db.sql()).by_id(class_id);
  return k ? k->name : "";
}

/// The student (and 学号) at the start of the head; the rest of the head.
struct Head {
  std::string name;
  std::optional<std::string> number;
  std::string rest;
};

Head read_head(const std::string& head) {
  Head h;
  const auto words = core::split_args(head);
  if (words.empty()) return h;
  h.name = words[0];
  std::size_t next = 1;
  if (words.size() > 1 && !words[1].empty() &&
      std::all_of(words[1].begin(), words[1].end(), [](char c) { return c >= '0' && c <= '9'; }) && words[1].size() >= 3) {
    h.number = words[1];
    next = 2;
  }
  for (std::size_t i = next; i < words.size(); ++i) h.rest += (h.rest.empty() ? "" : " ") + words[i];
  return h;
}

/// A record's date: 今天/昨天/前天, or a date (the latest such date not after today); never in the future.
core::Parsed<std::int64_t> read_record_date(const std::string& text, std::int64_t now, const std::string& zone) {
  const std::int64_t day = 24LL * 3600 * 1000;
  if (text.empty() || text == "今天") return now;
  if (text == "昨天") return now - day;
  if (text == "前天") return now - 2 * day;
  // Read as a deadline from a year ago: a month and day without a year becomes the latest past one.
  auto reading = core::read_time(text, now - 365 * day, zone, core::TimeUse::deadline);
  if (!reading) return core::ParseError{"家访日期：" + reading.error()};
  if (reading->at_ms > now + day) return core::ParseError{"家访日期不能在将来：" + reading->echo};
  return std::min(reading->at_ms, now);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool sep = i == text.size() || text[i] == ',' || text[i] == ' ' || text.compare(i, 3, "、") == 0 ||
                     text.compare(i, 3, "，") == 0;
    if (!sep) {
      current += text[i];
      continue;
    }
    if (!current.empty()) out.push_back(current);
    current.clear();
    if (i < text.size() && (text.compare(i, 3, "、") == 0 || text.compare(i, 3, "，") == 0)) i += 2;
  }
  return out;
}

std::string missing_fields(const VisitFields& f, const std::vector<std::string>& required) {
  std::vector<std::string> missing;
  for (const auto& key : required) {
    auto it = f.fields.find(key);
    if (it == f.fields.end() || it->second.empty()) missing.push_back(key);
  }
  return core::join(missing, "、");
}

std::string field(const VisitFields& f, const std::string& key) {
  auto it = f.fields.find(key);
  return it == f.fields.end() ? "" : it->second;
}

// /家访计划 <学生> <时间> 目的:… 问题:… 内容:…
void plan(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("家访计划");
  const VisitFields f = read_fields(command.raw_args);
  const Head head = read_head(core::normalise(f.head));
  if (head.name.empty()) return ctx.reply(usage_error(spec, "请写学生姓名、时间和“四明确”（目的、问题、内容）。"));
  const std::int64_t now = ctx.clock.now_ms();
  auto time = core::read_time(head.rest, now, ctx.settings.timezone, core::TimeUse::event);
  if (!time) return ctx.reply(usage_error(spec, "家访时间：" + time.error()));
  if (auto missing = missing_fields(f, {"目的", "问题", "内容"}); !missing.empty())
    return ctx.reply(usage_error(spec, "请补充：" + missing + "（可以一项一行，如“目的：了解学习情况”）"));
  const Found found = find_student(ctx, head.name, head.number);
  if (!found.student) return ctx.reply(found.problem);
  store::VisitRow v;
  v.class_id = found.student->class_id;
  v.student_id = found.student->id;
  v.teacher_id = ctx.access.member_id;
  v.planned = true;
  v.at = time->at_ms;
  v.purpose = field(f, "目的");
  v.problem = field(f, "问题");
  v.content = field(f, "内容");
  const std::int64_t id = store::Visits(ctx.db.sql()).add(v, now);
  store::Reminders reminders(ctx.db.sql());
  for (const std::int64_t before : {24LL * 3600 * 1000, 3600LL * 1000}) {
    if (v.at - before <= now) continue;
    store::ReminderRow r;
    r.kind = "visit_remind";
    r.due_at = v.at - before;
    r.chat = ctx.message.chat;
    r.text = std::to_string(id);
    r.event_at = v.at;
    reminders.add(r, now);
  }
  ctx.reply("已记下家访计划：" + found.student->name + "（" + class_name_of(ctx, v.class_id) + "），" + time->echo +
            "\n目的：" + v.purpose + "\n问题：" + v.problem + "\n内容：" + v.content +
            "\n我会在前一天和前一小时私聊提醒你。家访后发送 /家访 " + found.student->name + " 形式:… 内容:… 记录。");
}

// /家访 <学生> [日期] 形式:<入户|电话|到校|线上> 类别:<…> 情况:… 内容:… 意见:… 后续:…
void record(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("家访");
  const VisitFields f = read_fields(command.raw_args);
  const Head head = read_head(core::normalise(f.head));
  if (head.name.empty()) return ctx.reply(usage_error(spec, "请写学生姓名和家访情况。"));
  if (auto missing = missing_fields(f, {"形式", "内容"}); !missing.empty())
    return ctx.reply(usage_error(spec, "请补充：" + missing + "（形式：入户、电话、到校或线上）"));
  const std::string form(core::trim(core::normalise(field(f, "形式"))));
  if (std::find(forms.begin(), forms.end(), form) == forms.end())
    return ctx.reply(usage_error(spec, "形式只能是：入户、电话、到校、线上。"));
  std::vector<std::string> categories;
  for (const auto& c : split_list(core::normalise(field(f, "类别")))) {
    const auto& known = ctx.settings.visit.categories;
    if (std::find(known.begin(), known.end(), c) == known.end())
      return ctx.reply(usage_error(spec, "类别“" + c + "”不在可选类别中（" + core::join(known, "、") + "）。"));
    categories.push_back(c);
  }
  const std::int64_t now = ctx.clock.now_ms();
  auto date = read_record_date(head.rest, now, ctx.settings.timezone);
  if (!date) return ctx.reply(usage_error(spec, date.error()));
  const Found found = find_student(ctx, head.name, head.number);
  if (!found.student) return ctx.reply(found.problem);
  store::Visits visits(ctx.db.sql());
  store::VisitRow v;
  v.class_id = found.student->class_id;
  v.student_id = found.student->id;
  v.teacher_id = ctx.access.member_id;
  v.at = *date;
  v.form = form;
  v.categories = categories;
  v.situation = field(f, "情况");
  v.content = field(f, "内容");
  v.opinion = field(f, "意见");
  v.next_steps = field(f, "后续");
  std::string from_plan;
  if (auto p = visits.open_plan(found.student->id)) {  // the plan this visit carries out
    v.plan_id = p->id;
    v.purpose = p->purpose;
    v.problem = p->problem;
    from_plan = "\n（已对应 " + core::echo_time(p->at, now, ctx.settings.timezone) + " 的家访计划）";
  }
  visits.add(v, now);
  std::string text = "已记录家访：" + found.student->name + "（" + class_name_of(ctx, v.class_id) + "），" +
                     core::chinese_date(v.at, ctx.settings.timezone) + "，" + form;
  if (!categories.empty()) text += "\n类别：" + core::join(categories, "、");
  if (!v.situation.empty()) text += "\n情况：" + v.situation;
  text += "\n内容：" + v.content;
  if (!v.opinion.empty()) text += "\n意见：" + v.opinion;
  if (!v.next_steps.empty()) text += "\n后续：" + v.next_steps;
  ctx.reply(text + from_plan);
}

// /家访记录 <学生> [学号]
void history(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("家访记录");
  const Head head = read_head(command.args);
  if (head.name.empty()) return ctx.reply(usage_error(spec, "请写学生姓名。"));
  const Found found = find_student(ctx, head.name, head.number);
  if (!found.student) return ctx.reply(found.problem);
  const auto rows = store::Visits(ctx.db.sql()).of_student(found.student->id);
  if (rows.empty()) return ctx.reply(found.student->name + " 还没有家访记录或计划。");
  std::string text = found.student->name + "（" + class_name_of(ctx, found.student->class_id) + "）的家访：";
  const std::int64_t now = ctx.clock.now_ms();
  for (const auto& v : rows) {
    if (v.planned) {
      text += "\n· 计划 " + core::echo_time(v.at, now, ctx.settings.timezone) + "：目的 " + v.purpose;
    } else {
      text += "\n· " + core::chinese_date(v.at, ctx.settings.timezone) + " " + v.form.value_or("") + "：" + v.content;
      if (!v.categories.empty()) text += "（" + core::join(v.categories, "、") + "）";
    }
  }
  ctx.reply(text);
}

}  // namespace

Coverage coverage(store::Database& db, const config::Settings& config, std::int64_t class_id, const Period& period) {
  Coverage st;
  const auto students = store::Roster(db.sql()).students(class_id);
  const auto records = store::Visits(db.sql()).records(class_id, period.from_ms, period.to_ms);
  std::set<std::int64_t> visited;
  for (const auto& v : records) {
    visited.insert(v.student_id);
    if (v.form) ++st.by_form[*v.form];
    if (v.form == "入户") ++st.in_home;
    for (const auto& c : v.categories) ++st.by_category[c];
  }
  st.students = students.size();
  for (const auto& s : students) {
    const bool seen = visited.contains(s.id);
    st.visited += seen ? 1 : 0;
    const std::string name = student_names({s}, students).front();
    if (s.is_new) {
      ++st.new_students;
      if (seen) ++st.new_visited;
      else st.new_unvisited.push_back(name);
    }
    std::vector<std::string> must;
    for (const auto& c : s.categories) {
      if (std::find(config.visit.must_visit.begin(), config.visit.must_visit.end(), c) != config.visit.must_visit.end())
        must.push_back(c);
    }
    if (!must.empty() && !seen) st.must_visit_unvisited.push_back(name + "（" + core::join(must, "、") + "）");
  }
  return st;
}

namespace {

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "—";
  return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

std::string counts(const std::map<std::string, int>& m) {
  std::vector<std::string> parts;
  for (const auto& [k, n] : m) parts.push_back(k + " " + std::to_string(n));
  return parts.empty() ? "无" : core::join(parts, "、");
}

// /家访统计 [班级] [本学期|本学年]
void statistics(Context& ctx, const core::ParsedCommand& command) {
  bool year = false;
  std::optional<std::string> wanted;
  for (const auto& word : command.argv) {
    if (word == "本学年") year = true;
    else if (word != "本学期") wanted = word;
  }
  auto classes = my_classes(ctx);
  if (wanted) {
    std::erase_if(classes, [&](const store::ClassRow& k) { return k.name != *wanted; });
    if (classes.empty()) return ctx.reply("你不能查看“" + *wanted + "”的家访统计（只能查看自己任教的班级）。");
  }
  if (classes.empty()) return ctx.reply("你还没有任教的班级。");
  const Period period = current_period(ctx.settings, ctx.clock.now_ms(), year);
  std::string text;
  for (const auto& k : classes) {
    const Coverage st = coverage(ctx.db, ctx.settings, k.id, period);
    if (!text.empty()) text += "\n\n";
    text += k.name + " " + period.label + " 家访统计\n学生 " + std::to_string(st.students) + " 人，已家访 " +
            std::to_string(st.visited) + " 人，覆盖率 " + percent(st.visited, st.students) + "\n入户 " +
            std::to_string(st.in_home) + " 次；按形式：" + counts(st.by_form) + "\n按类别：" + counts(st.by_category) +
            "\n新生已访 " + std::to_string(st.new_visited) + "/" + std::to_string(st.new_students) + "（目标 100%）";
    if (!st.new_unvisited.empty()) text += "，未访：" + core::join(st.new_unvisited, "、");
    text += "\n必访学生未访：" + (st.must_visit_unvisited.empty() ? std::string("无") : core::join(st.must_visit_unvisited, "、"));
  }
  ctx.reply(text);
}

/// The plan's reminders: to the teacher, privately, the day and the hour before.
void fire_reminder(ReminderContext& ctx) {
  if (!ctx.reminder.chat) return;
  const auto v = store::Visits(ctx.db.sql()).find(std::stoll(ctx.reminder.text));
  if (!v) return;
  const auto student = store::Roster(ctx.db.sql()).by_id(v->student_id);
  ctx.outgoing.push_back({*ctx.reminder.chat,
                          "【家访提醒】" + core::echo_time(v->at, ctx.clock.now_ms(), ctx.settings.timezone) + " 家访 " +
                              (student ? student->name : "") + "\n目的：" + v->purpose + "\n问题：" + v->problem +
                              "\n内容：" + v->content,
                          {}, std::nullopt, std::nullopt});
}

}  // namespace

Period current_period(const config::Settings& config, std::int64_t now_ms, bool year) {
  const auto& zone = config.timezone;
  const std::string today_iso = core::iso_in_zone(now_ms, zone).substr(0, 10);
  const int this_year = std::stoi(today_iso.substr(0, 4));
  auto date = [&](int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
  };
  auto midnight = [&](const std::string& iso) { return *core::local_midnight_ms(iso, zone); };
  const std::int64_t day = 24LL * 3600 * 1000;
  // Each configured term as it falls around now: [start, end] with the end in the next year when it wraps.
  struct Instance {
    std::string name, start, end;
  };
  std::optional<Instance> best;
  std::optional<Instance> first_of_year;
  for (int y : {this_year - 1, this_year}) {
    for (std::size_t i = 0; i < config.terms.size(); ++i) {
      const auto& t = config.terms[i];
      const bool wraps = t.end_month * 100 + t.end_day < t.start_month * 100 + t.start_day;
      Instance inst{t.name, date(y, t.start_month, t.start_day), date(wraps ? y + 1 : y, t.end_month, t.end_day)};
      if (midnight(inst.start) > now_ms) continue;
      if (!best || inst.start > best->start) best = inst;  // the last term begun
      if (i == 0 && (!first_of_year || inst.start > first_of_year->start)) first_of_year = inst;
    }
  }
  if (!best) return {"", now_ms - 365 * day, now_ms + day};
  if (!year) return {best->name + "（" + best->start + " 至 " + best->end + "）", midnight(best->start), midnight(best->end) + day};
  // The school year: from the start of the first configured term to the end of the last one after it.
  const auto& last = config.terms.back();
  int end_year = std::stoi(first_of_year->start.substr(0, 4));
  if (last.end_month * 100 + last.end_day < config.terms.front().start_month * 100 + config.terms.front().start_day) ++end_year;
  const std::string end = date(end_year, last.end_month, last.end_day);
  return {"本学年（" + first_of_year->start + " 至 " + end + "）", midnight(first_of_year->start), midnight(end) + day};
}

std::vector<Period> school_year_terms(const config::Settings& config, std::int64_t now_ms) {
  const Period year = current_period(config, now_ms, true);
  std::vector<Period> terms;
  // Walk the school year a day at a time would be slow; instead ask for the term containing each
  // term's first day, starting at the year's start.
  std::int64_t at = year.from_ms;
  for (std::size_t i = 0; i < config.terms.size() && at < year.to_ms; ++i) {
    const Period term = current_period(config, at + 3600'000, false);
    terms.push_back(term);
    at = term.to_ms;
  }
  return terms;
}

VisitFields read_fields(std::string_view raw) {
  struct Hit {
    std::size_t at, value_at;
    std::string key;
  };
  std::vector<Hit> hits;
  for (auto key : field_keys) {
    for (std::size_t at = raw.find(key); at != std::string_view::npos; at = raw.find(key, at + 1)) {
      const bool starts = at == 0 || raw[at - 1] == ' ' || raw[at - 1] == '\n' || raw[at - 1] == '\t' ||
                          (at >= 3 && raw.substr(at - 3, 3) == "\xE3\x80\x80");
      std::size_t after = at + key.size();
      std::size_t colon = 0;
      if (after < raw.size() && raw[after] == ':') colon = 1;
      else if (raw.substr(after, 3) == "：") colon = 3;
      if (starts && colon > 0) hits.push_back({at, after + colon, std::string(key)});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.at < b.at; });
  VisitFields out;
  out.head = std::string(core::trim(raw.substr(0, hits.empty() ? raw.size() : hits.front().at)));
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const std::size_t end = i + 1 < hits.size() ? hits[i + 1].at : raw.size();
    out.fields[hits[i].key] = std::string(core::trim(raw.substr(hits[i].value_at, end - hits[i].value_at)));
  }
  return out;
}

void register_commands(Registry& registry) {
  registry.add({.name = "家访计划", .aliases = {"visit-plan"}, .usage = "/家访计划 <学生> <时间> 目的:… 问题:… 内容:…",
                .summary = "计划家访（四明确；前一天和前一小时提醒）", .run = plan});
  registry.add({.name = "家访", .aliases = {"visit"},
                .usage = "/家访 <学生> [日期] 形式:<入户|电话|到校|线上> 类别:<…> 情况:… 内容:… 意见:… 后续:…",
                .summary = "记录一次家访（每项也可以单独一行）", .run = record});
  registry.add({.name = "家访记录", .aliases = {"visits"}, .usage = "/家访记录 <学生> [学号]",
                .summary = "一位学生的家访计划和记录", .run = history});
  registry.add({.name = "家访统计", .aliases = {"visit-stats"}, .usage = "/家访统计 [班级] [本学期|本学年]",
                .summary = "家访覆盖率、入户、形式、类别、新生和必访学生", .run = statistics});
  registry.add_reminder_kind({"visit_remind", fire_reminder});
}

}  // namespace jiaxiao::handlers::visit
