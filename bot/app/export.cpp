#include "bot/app/export.hpp"

#include <stdexcept>
#include <tuple>

#include <algorithm>
#include <cmath>
#include <set>

#include "bot/core/zone.hpp"
#include "store/signups.hpp"
#include "store/members.hpp"
#include "store/meetings.hpp"
#include "handlers/visit/commands.hpp"
#include "store/classes.hpp"
#include "store/notices.hpp"
#include "store/visits.hpp"
#include "bot/core/csv.hpp"
#include "bot/core/text.hpp"
#include "store/mailbox.hpp"
#include "store/polls.hpp"
#include "store/roster.hpp"

namespace jiaxiao::app {

using json = nlohmann::ordered_json;

namespace {

std::string csv_cell(const json& value) {
  std::string text;
  if (value.is_null()) text = "";
  else if (value.is_string()) text = value.get<std::string>();
  else if (value.is_boolean()) text = value.get<bool>() ? "是" : "否";
  else if (value.is_array()) {
    for (const auto& item : value) {
      if (!text.empty()) text += "、";
      text += item.is_string() ? item.get<std::string>() : item.dump();
    }
  } else text = value.dump();
  return core::csv_field(text);
}

}  // namespace

std::string to_csv(const ExportTable& table) {
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel and WPS then read the file as UTF-8
  for (std::size_t i = 0; i < table.columns.size(); ++i) out += (i ? "," : "") + table.columns[i].second;
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const auto it = row.find(table.columns[i].first);
      out += (i ? "," : "") + csv_cell(it == row.end() ? json() : *it);
    }
    out += "\r\n";
  }
  return out;
}

std::string to_json(const ExportTable& table) {
  return table.rows.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

ExportTable export_messages(store::Database& db, const store::MessageFilter& filter, const std::string& zone) {
  ExportTable table;
  table.columns = {{"id", "编号"},     {"platform", "平台"}, {"group", "群或会话"},
                   {"sender", "发送者"}, {"direction", "方向"}, {"text", "内容"},
                   {"thread", "事项编号"}, {"platform_message_id", "平台消息编号"}, {"at", "时间"}};
  for (const auto& row : store::Messages(db.sql()).export_rows(filter)) {
    table.rows.push_back({{"id", row.id},
                          {"platform", row.platform},
                          {"group", row.group},
                          {"sender", row.sender.empty() ? json() : json(row.sender)},
                          {"direction", row.direction},
                          {"text", row.text},
                          {"thread", row.thread ? json(*row.thread) : json()},
                          {"platform_message_id", row.platform_message_id.empty() ? json() : json(row.platform_message_id)},
                          {"at", core::iso_in_zone(row.at_ms, zone)}});
  }
  return table;
}

namespace {
json member_ref(store::Database& db, std::optional<std::int64_t> member_id) {
  if (!member_id) return json();
  const auto chat = store::Members(db.sql()).private_chat(*member_id);
  return chat ? json(core::qualified_id(chat->platform, chat->id)) : json();
}
}  // namespace

ExportTable export_notices(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone) {
  ExportTable table;
  table.columns = {{"number", "编号"},         {"class", "班级"},     {"title", "标题"},
                   {"created_by", "发出人"},   {"created_at", "发出时间"}, {"deadline", "回执截止"},
                   {"students", "学生数"},     {"acked", "已回执"},   {"closed", "已结束"}};
  store::Notices notices(db.sql());
  store::Roster roster(db.sql());
  for (const auto& n : notices.all(class_id)) {
    std::set<std::int64_t> acked;
    for (const auto& a : notices.acks(n.number)) acked.insert(a.student_id);
    const auto students = roster.students(n.class_id);
    std::size_t count = 0;
    for (const auto& s : students) count += acked.contains(s.id) ? 1 : 0;
    table.rows.push_back({{"number", n.number},
                          {"class", n.class_name},
                          {"title", n.title},
                          {"created_by", member_ref(db, n.created_by)},
                          {"created_at", core::iso_in_zone(n.created_at, zone)},
                          {"deadline", core::iso_in_zone(n.deadline_at, zone)},
                          {"students", students.size()},
                          {"acked", count},
                          {"closed", !n.open()}});
  }
  return table;
}

ExportTable export_acks(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                        const std::string& zone) {
  ExportTable table;
  table.columns = {{"notice", "告家长书编号"}, {"class", "班级"}, {"student", "学生"}, {"acked", "已回执"},
                   {"by", "回执人"},           {"relation", "关系"}, {"at", "回执时间"}, {"late", "逾期"},
                   {"comment", "留言"}};
  store::Notices notices(db.sql());
  store::Roster roster(db.sql());
  for (const auto& n : notices.all(class_id)) {
    if (thread && n.number != *thread) continue;
    const auto acks = notices.acks(n.number);
    for (const auto& s : roster.students(n.class_id)) {
      const store::AckRow* first = nullptr;
      std::string comments;
      for (const auto& a : acks) {
        if (a.student_id != s.id) continue;
        if (first == nullptr) first = &a;
        if (!a.comment.empty()) comments += (comments.empty() ? "" : "；") + a.comment;
      }
      table.rows.push_back({{"notice", n.number},
                            {"class", n.class_name},
                            {"student", s.name + (s.number ? "（" + *s.number + "）" : "")},
                            {"acked", first != nullptr},
                            {"by", first ? member_ref(db, first->member_id) : json()},
                            {"relation", first ? json(first->relation) : json()},
                            {"at", first ? json(core::iso_in_zone(first->at, zone)) : json()},
                            {"late", first != nullptr && first->at > n.deadline_at},
                            {"comment", comments.empty() ? json() : json(comments)}});
    }
  }
  return table;
}

ExportTable export_meetings(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone) {
  ExportTable table;
  table.columns = {{"number", "编号"}, {"class", "班级"},   {"kind", "类型"},      {"at", "时间"},
                   {"place", "地点"},  {"topic", "主题"},   {"minutes", "会议记录"}, {"cancelled", "已取消"}};
  store::Meetings meetings(db.sql());
  for (const auto& m : meetings.all(class_id)) {
    std::string minutes;
    // Each entry with its time and author: "[2026-12-04T16:30:00+08:00 王老师] …".
    for (const auto& entry : meetings.minutes(m.number))
      minutes += (minutes.empty() ? "" : "\n") + std::string("[") + core::iso_in_zone(entry.at, zone) + " " +
                 store::Members(db.sql()).label(entry.member_id) + "] " + entry.text;
    table.rows.push_back({{"number", m.number},
                          {"class", m.class_name},
                          {"kind", m.kind},
                          {"at", core::iso_in_zone(m.at, zone)},
                          {"place", m.place},
                          {"topic", m.topic},
                          {"minutes", minutes},
                          {"cancelled", m.cancelled_at.has_value()}});
  }
  return table;
}

ExportTable export_rsvps(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                         const std::string& zone) {
  ExportTable table;
  table.columns = {{"meeting", "会议编号"}, {"class", "班级"}, {"student", "学生"}, {"answer", "回复"},
                   {"people", "人数"},      {"note", "备注"}, {"at", "回复时间"}};
  store::Meetings meetings(db.sql());
  store::Roster roster(db.sql());
  for (const auto& m : meetings.all(class_id)) {
    if (thread && m.number != *thread) continue;
    const auto answers = meetings.answers(m.number);
    for (const auto& s : roster.students(m.class_id)) {
      const auto it = std::find_if(answers.begin(), answers.end(),
                                   [&](const store::RsvpRow& a) { return a.student_id == s.id; });
      const bool answered = it != answers.end();
      table.rows.push_back({{"meeting", m.number},
                            {"class", m.class_name},
                            {"student", s.name + (s.number ? "（" + *s.number + "）" : "")},
                            {"answer", answered ? it->answer : std::string("未回复")},
                            {"people", answered && it->answer == "参加" ? json(it->people) : json()},
                            {"note", answered && !it->note.empty() ? json(it->note) : json()},
                            {"at", answered ? json(core::iso_in_zone(it->at, zone)) : json()}});
    }
  }
  return table;
}

ExportTable export_polls(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone) {
  ExportTable table;
  table.columns = {{"number", "编号"},   {"class", "班级"},     {"question", "问题"}, {"options", "选项"},
                   {"anonymous", "匿名"}, {"multi", "多选"},    {"deadline", "截止"}, {"closed", "已结束"},
                   {"counts", "票数"}};
  store::Polls polls(db.sql());
  for (const auto& p : polls.all(class_id)) {
    std::vector<int> counts(p.options.size(), 0);
    for (const auto& v : polls.votes(p.number)) {
      for (int c : v.choices) {
        if (c >= 1 && c <= static_cast<int>(counts.size())) ++counts[static_cast<std::size_t>(c - 1)];
      }
    }
    table.rows.push_back({{"number", p.number},
                          {"class", p.class_name},
                          {"question", p.question},
                          {"options", p.options},
                          {"anonymous", p.anonymous},
                          {"multi", p.multi},
                          {"deadline", p.deadline_at ? json(core::iso_in_zone(*p.deadline_at, zone)) : json()},
                          {"closed", !p.open()},
                          {"counts", counts}});
  }
  return table;
}

ExportTable export_votes(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                         const std::string& zone) {
  ExportTable table;
  table.columns = {{"poll", "投票编号"}, {"class", "班级"}, {"student", "学生"}, {"choices", "选择"}, {"at", "投票时间"}};
  store::Polls polls(db.sql());
  store::Roster roster(db.sql());
  for (const auto& p : polls.all(class_id)) {
    if (p.anonymous || (thread && p.number != *thread)) continue;  // who chose what is never exported for anonymous polls
    for (const auto& v : polls.votes(p.number)) {
      const auto s = roster.by_id(v.student_id);
      table.rows.push_back({{"poll", p.number},
                            {"class", p.class_name},
                            {"student", s ? s->name + (s->number ? "（" + *s->number + "）" : "") : std::string()},
                            {"choices", v.choices},
                            {"at", core::iso_in_zone(v.at, zone)}});
    }
  }
  return table;
}

ExportTable export_signups(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                           const std::string& zone) {
  ExportTable table;
  table.columns = {{"number", "接龙编号"}, {"class", "班级"}, {"title", "标题"}, {"member", "成员"},
                   {"student", "学生"},     {"note", "备注"}, {"at", "时间"}};
  store::Signups signups(db.sql());
  for (const auto& s : signups.all(class_id)) {
    if (thread && s.number != *thread) continue;
    for (const auto& e : signups.entries(s.number)) {
      table.rows.push_back({{"number", s.number},
                            {"class", s.class_name},
                            {"title", s.title},
                            {"member", member_ref(db, e.member_id)},
                            {"student", e.label},
                            {"note", e.note.empty() ? json() : json(e.note)},
                            {"at", core::iso_in_zone(e.at, zone)}});
    }
  }
  return table;
}

ExportTable export_visits(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone) {
  ExportTable table;
  table.columns = {{"id", "编号"},         {"class", "班级"},       {"student", "学生"},     {"teacher", "教师"},
                   {"planned", "计划"},    {"at", "时间"},          {"form", "形式"},        {"categories", "类别"},
                   {"purpose", "目的"},    {"problem", "问题"},     {"situation", "情况"},   {"content", "内容"},
                   {"opinion", "家长意见"}, {"next_steps", "后续措施"}};
  store::Roster roster(db.sql());
  store::Classes classes(db.sql());
  for (const auto& v : store::Visits(db.sql()).all(class_id)) {
    const auto s = roster.by_id(v.student_id);
    const auto k = classes.by_id(v.class_id);
    table.rows.push_back({{"id", v.id},
                          {"class", k ? k->name : ""},
                          {"student", s ? s->name + (s->number ? "（" + *s->number + "）" : "") : std::string()},
                          {"teacher", member_ref(db, v.teacher_id)},
                          {"planned", v.planned},
                          {"at", core::iso_in_zone(v.at, zone)},
                          {"form", v.form ? json(*v.form) : json()},
                          {"categories", v.categories},
                          {"purpose", v.purpose},
                          {"problem", v.problem},
                          {"situation", v.situation},
                          {"content", v.content},
                          {"opinion", v.opinion},
                          {"next_steps", v.next_steps}});
  }
  return table;
}

ExportTable export_visit_stats(store::Database& db, const config::Config& config, std::optional<std::int64_t> class_id,
                               std::int64_t now_ms) {
  ExportTable table;
  table.columns = {{"class", "班级"},         {"term", "学期"},        {"students", "学生数"},
                   {"visited", "已家访人数"},  {"coverage", "覆盖率"},   {"in_home", "入户次数"},
                   {"by_form", "按形式"},      {"by_category", "按类别"}, {"new_students", "新生数"},
                   {"new_visited", "新生已访"}, {"must_visit_unvisited", "必访未访学生"}};
  store::Classes classes(db.sql());
  for (const auto& k : classes.all()) {
    if (class_id && k.id != *class_id) continue;
    for (const auto& period : handlers::visit::school_year_terms(config, now_ms)) {
      const auto st = handlers::visit::coverage(db, config, k.id, period);
      json by_form = json::object(), by_category = json::object();
      for (const auto& [form, n] : st.by_form) by_form[form] = n;
      for (const auto& [category, n] : st.by_category) by_category[category] = n;
      table.rows.push_back({{"class", k.name},
                            {"term", period.label},
                            {"students", st.students},
                            {"visited", st.visited},
                            {"coverage", st.students == 0 ? json() : json(std::round(1000.0 * st.visited / st.students) / 10.0)},
                            {"in_home", st.in_home},
                            {"by_form", by_form},
                            {"by_category", by_category},
                            {"new_students", st.new_students},
                            {"new_visited", st.new_visited},
                            {"must_visit_unvisited", st.must_visit_unvisited}});
    }
  }
  return table;
}

ExportTable export_mailbox(store::Database& db, std::optional<std::int64_t> from_ms, std::optional<std::int64_t> to_ms,
                           const std::string& zone) {
  ExportTable table;
  table.columns = {{"id", "编号"}, {"at", "来信时间"}, {"text", "内容"}, {"answered", "已回复"}, {"answer", "学校回复"}};
  for (const auto& letter : store::Mailbox(db.sql()).letters(from_ms, to_ms)) {
    table.rows.push_back({{"id", letter.id},
                          {"at", core::iso_in_zone(letter.at_ms, zone)},
                          {"text", letter.text},
                          {"answered", !letter.answers.empty()},
                          {"answer", letter.answers.empty() ? json() : json(core::join(letter.answers, "\n"))}});
  }
  return table;
}

namespace {

/// What each WHAT can be filtered by: the key holding its #N, the key holding its own time (ISO 8601 in
/// the school's zone: its first ten characters are the local date), and whether it belongs to a class.
/// An empty key: that filter means nothing for it and is refused.
struct FilterKeys {
  std::string_view what, thread_key, time_key;
  bool by_class;
  std::string_view why_no_time;  // said when --from/--to is refused
};
constexpr FilterKeys filter_keys[] = {
    {"messages", "thread", "at", true, ""},
    {"notices", "number", "created_at", true, ""},
    {"acks", "notice", "", true, "回执按学生列出，请用 --thread 选告家长书"},
    {"meetings", "number", "at", true, ""},
    {"rsvps", "meeting", "", true, "回复按学生列出，请用 --thread 选会议"},
    {"polls", "number", "", true, "投票没有发起时间，请用 --thread 选投票"},
    {"votes", "poll", "at", true, ""},
    {"signups", "number", "at", true, ""},
    {"visits", "", "at", true, ""},
    {"visit-stats", "", "", true, "家访统计按学期计算，暂不支持 --from/--to"},
    {"mailbox", "", "at", false, ""},
};

const FilterKeys* keys_of(std::string_view what) {
  for (const auto& keys : filter_keys) {
    if (keys.what == what) return &keys;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& exportable() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> out;
    for (const auto& keys : filter_keys) out.emplace_back(keys.what);
    return out;
  }();
  return list;
}

std::optional<std::string> refused_filter(const std::string& what, const ExportFilter& filter) {
  const FilterKeys* keys = keys_of(what);
  if (keys == nullptr) return "不能导出 " + what;
  if (filter.class_name && !keys->by_class) return what + " 不按班级导出（来信不属于某个班级），请去掉 --class";
  if (filter.thread && keys->thread_key.empty()) return what + " 没有事项编号，请去掉 --thread";
  if ((filter.from_date || filter.to_date) && keys->time_key.empty()) return what + " 不能按日期筛选：" + std::string(keys->why_no_time);
  if (filter.include_private && what != "messages") return "--private 只用于 export messages";
  for (const auto& date : {filter.from_date, filter.to_date}) {
    // The format and the calendar; the zone comes in when export_table turns it into an instant.
    if (date && !core::local_midnight_ms(*date, "UTC")) return "日期应写成 YYYY-MM-DD，例如 2026-11-23：" + *date;
  }
  return std::nullopt;
}

ExportTable export_table(store::Database& db, const config::Config& config, const std::string& what,
                         const ExportFilter& filter, std::int64_t now_ms) {
  const std::string& zone = config.timezone;
  std::optional<std::int64_t> class_id, from_ms, to_ms;
  if (filter.class_name) {
    auto klass = store::Classes(db.sql()).find(*filter.class_name);
    if (!klass) throw std::invalid_argument("没有班级 " + *filter.class_name);
    class_id = klass->id;
  }
  for (const auto& [date, target, is_to] : {std::tuple{filter.from_date, &from_ms, false}, std::tuple{filter.to_date, &to_ms, true}}) {
    if (!date) continue;
    auto ms = core::local_midnight_ms(*date, zone);
    if (!ms) throw std::invalid_argument("日期无法换算到学校时区：" + *date);  // refused_filter checked the form
    *target = is_to ? *ms + 24LL * 3600 * 1000 : *ms;  // --to is inclusive: to the end of that day
  }
  store::MessageFilter messages{filter.thread, from_ms, to_ms, filter.class_name, filter.include_private};
  ExportTable table = what == "notices"       ? export_notices(db, class_id, zone)
                      : what == "acks"        ? export_acks(db, class_id, filter.thread, zone)
                      : what == "meetings"    ? export_meetings(db, class_id, zone)
                      : what == "rsvps"       ? export_rsvps(db, class_id, filter.thread, zone)
                      : what == "polls"       ? export_polls(db, class_id, zone)
                      : what == "votes"       ? export_votes(db, class_id, filter.thread, zone)
                      : what == "signups"     ? export_signups(db, class_id, filter.thread, zone)
                      : what == "visits"      ? export_visits(db, class_id, zone)
                      : what == "visit-stats" ? export_visit_stats(db, config, class_id, now_ms)
                      : what == "mailbox"     ? export_mailbox(db, from_ms, to_ms, zone)
                                              : export_messages(db, messages, zone);
  // Every filter the WHAT takes, applied to its rows (some exports already did; again is harmless).
  const FilterKeys* keys = keys_of(what);
  if (keys == nullptr) return table;
  nlohmann::ordered_json kept = nlohmann::ordered_json::array();
  for (auto& row : table.rows) {
    if (filter.thread && !keys->thread_key.empty()) {
      const auto n = row.find(std::string(keys->thread_key));
      if (n == row.end() || !n->is_number_integer() || n->get<std::int64_t>() != *filter.thread) continue;
    }
    if ((filter.from_date || filter.to_date) && !keys->time_key.empty()) {
      const auto at = row.find(std::string(keys->time_key));
      if (at == row.end() || !at->is_string()) continue;
      const std::string day = at->get<std::string>().substr(0, 10);
      if ((filter.from_date && day < *filter.from_date) || (filter.to_date && day > *filter.to_date)) continue;
    }
    kept.push_back(std::move(row));
  }
  table.rows = std::move(kept);
  return table;
}

}  // namespace jiaxiao::app
