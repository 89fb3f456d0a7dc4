#include "store/statement.hpp"
#include "store/visits.hpp"

#include "bot/core/text.hpp"

#include "store/roster.hpp"

namespace jiaxiao::store {

namespace {
constexpr const char* visit_select =
    "SELECT id, class_id, student_id, teacher_id, planned, at, form, categories, purpose, problem, situation, "
    "content, opinion, next_steps, plan_id FROM visits ";

VisitRow read_visit(SQLite::Statement& st) {
  VisitRow v;
  v.id = st.getColumn(0).getInt64();
  v.class_id = st.getColumn(1).getInt64();
  v.student_id = st.getColumn(2).getInt64();
  v.teacher_id = st.getColumn(3).getInt64();
  v.planned = st.getColumn(4).getInt() != 0;
  v.at = st.getColumn(5).getInt64();
  if (!st.getColumn(6).isNull()) v.form = st.getColumn(6).getString();
  v.categories = core::split(st.getColumn(7).getString(), "\n");
  v.purpose = st.getColumn(8).getString();
  v.problem = st.getColumn(9).getString();
  v.situation = st.getColumn(10).getString();
  v.content = st.getColumn(11).getString();
  v.opinion = st.getColumn(12).getString();
  v.next_steps = st.getColumn(13).getString();
  if (!st.getColumn(14).isNull()) v.plan_id = st.getColumn(14).getInt64();
  return v;
}

std::vector<VisitRow> read_visits(SQLite::Statement& st) {
  std::vector<VisitRow> out;
  while (st.executeStep()) out.push_back(read_visit(st));
  return out;
}
}  // namespace

std::int64_t Visits::add(const VisitRow& v, std::int64_t now_ms) {
  Statement st(db_,
                       "INSERT INTO visits (class_id, student_id, teacher_id, planned, at, form, categories, purpose, "
                       "problem, situation, content, opinion, next_steps, plan_id, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, v.class_id);
  st.bind(2, v.student_id);
  st.bind(3, v.teacher_id);
  st.bind(4, v.planned ? 1 : 0);
  st.bind(5, v.at);
  if (v.form) st.bind(6, *v.form);
  st.bind(7, core::join(v.categories, "\n"));
  st.bind(8, v.purpose);
  st.bind(9, v.problem);
  st.bind(10, v.situation);
  st.bind(11, v.content);
  st.bind(12, v.opinion);
  st.bind(13, v.next_steps);
  if (v.plan_id) st.bind(14, *v.plan_id);
  st.bind(15, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

std::optional<VisitRow> Visits::find(std::int64_t id) {
  Statement st(db_, std::string(visit_select) + "WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return read_visit(st);
}

std::optional<VisitRow> Visits::open_plan(std::int64_t student_id) {
  Statement st(db_, std::string(visit_select) +
                                "WHERE student_id = ? AND planned = 1 AND id NOT IN "
                                "(SELECT plan_id FROM visits WHERE plan_id IS NOT NULL) ORDER BY at DESC, id DESC LIMIT 1");
  st.bind(1, student_id);
  if (!st.executeStep()) return std::nullopt;
  return read_visit(st);
}

std::vector<VisitRow> Visits::of_student(std::int64_t student_id) {
  Statement st(db_, std::string(visit_select) + "WHERE student_id = ? ORDER BY at, id");
  st.bind(1, student_id);
  return read_visits(st);
}

std::vector<VisitRow> Visits::records(std::int64_t class_id, std::int64_t from_ms, std::int64_t to_ms) {
  Statement st(db_, std::string(visit_select) +
                                "WHERE class_id = ? AND planned = 0 AND at >= ? AND at < ? ORDER BY at, id");
  st.bind(1, class_id);
  st.bind(2, from_ms);
  st.bind(3, to_ms);
  return read_visits(st);
}

std::vector<VisitRow> Visits::all(std::optional<std::int64_t> class_id) {
  Statement st(db_, std::string(visit_select) + "WHERE (?1 IS NULL OR class_id = ?1) ORDER BY at, id");
  if (class_id) st.bind(1, *class_id);
  return read_visits(st);
}

}  // namespace jiaxiao::store
