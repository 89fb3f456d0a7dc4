#include "store/statement.hpp"
#include "store/roster.hpp"

#include "bot/core/text.hpp"

namespace jiaxiao::store {

namespace {
constexpr const char* student_columns = "id, class_id, name, student_no, is_new, categories";

Student read_student(SQLite::Statement& st, int first = 0) {
  Student s;
  s.id = st.getColumn(first).getInt64();
  s.class_id = st.getColumn(first + 1).getInt64();
  s.name = st.getColumn(first + 2).getString();
  if (!st.getColumn(first + 3).isNull()) s.number = st.getColumn(first + 3).getString();
  s.is_new = st.getColumn(first + 4).getInt() != 0;
  s.categories = core::split(st.getColumn(first + 5).getString(), "\n");
  return s;
}

std::vector<Student> read_students(SQLite::Statement& st) {
  std::vector<Student> out;
  while (st.executeStep()) out.push_back(read_student(st));
  return out;
}
}  // namespace

std::vector<Student> Roster::students(std::int64_t class_id) {
  Statement st(db_, std::string("SELECT ") + student_columns +
                                " FROM students WHERE class_id = ? ORDER BY student_no IS NULL, student_no, name, id");
  st.bind(1, class_id);
  return read_students(st);
}

std::vector<Student> Roster::by_name(std::int64_t class_id, const std::string& name) {
  Statement st(db_, std::string("SELECT ") + student_columns +
                                " FROM students WHERE class_id = ? AND name = ? ORDER BY student_no, id");
  st.bind(1, class_id);
  st.bind(2, name);
  return read_students(st);
}

std::optional<Student> Roster::by_number(std::int64_t class_id, const std::string& number) {
  Statement st(db_, std::string("SELECT ") + student_columns +
                                " FROM students WHERE class_id = ? AND student_no = ?");
  st.bind(1, class_id);
  st.bind(2, number);
  if (!st.executeStep()) return std::nullopt;
  return read_student(st);
}

std::optional<Student> Roster::by_id(std::int64_t id) {
  Statement st(db_, std::string("SELECT ") + student_columns + " FROM students WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return read_student(st);
}

std::int64_t Roster::add(const Student& s, std::int64_t now_ms) {
  Statement st(db_,
                       "INSERT INTO students (class_id, name, student_no, is_new, categories, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, s.class_id);
  st.bind(2, s.name);
  if (s.number) st.bind(3, *s.number);
  st.bind(4, s.is_new ? 1 : 0);
  st.bind(5, core::join(s.categories, "\n"));
  st.bind(6, now_ms);
  st.bind(7, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

void Roster::update(const Student& s, std::int64_t now_ms) {
  Statement st(db_,
                       "UPDATE students SET name = ?, student_no = ?, is_new = ?, categories = ?, updated_at = ? "
                       "WHERE id = ?");
  st.bind(1, s.name);
  if (s.number) st.bind(2, *s.number);
  st.bind(3, s.is_new ? 1 : 0);
  st.bind(4, core::join(s.categories, "\n"));
  st.bind(5, now_ms);
  st.bind(6, s.id);
  st.exec();
}

std::vector<Guardian> Roster::guardians(std::int64_t student_id) {
  Statement st(db_,
                       "SELECT g.member_id, m.platform, m.platform_user_id, m.display_name, g.relation "
                       "FROM guardians g JOIN members m ON m.id = g.member_id WHERE g.student_id = ? "
                       "ORDER BY g.bound_at, g.member_id");
  st.bind(1, student_id);
  std::vector<Guardian> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getString()});
  }
  return out;
}

bool Roster::bind(std::int64_t member_id, std::int64_t student_id, const std::string& relation, std::int64_t now_ms) {
  Statement update(db_, "UPDATE guardians SET relation = ? WHERE member_id = ? AND student_id = ?");
  update.bind(1, relation);
  update.bind(2, member_id);
  update.bind(3, student_id);
  if (update.exec() > 0) return false;
  Statement insert(db_,
                           "INSERT INTO guardians (member_id, student_id, relation, bound_at) VALUES (?, ?, ?, ?)");
  insert.bind(1, member_id);
  insert.bind(2, student_id);
  insert.bind(3, relation);
  insert.bind(4, now_ms);
  insert.exec();
  return true;
}

bool Roster::unbind(std::int64_t member_id, std::int64_t student_id) {
  Statement st(db_, "DELETE FROM guardians WHERE member_id = ? AND student_id = ?");
  st.bind(1, member_id);
  st.bind(2, student_id);
  return st.exec() > 0;
}

std::vector<Ward> Roster::wards(std::int64_t member_id, std::optional<std::int64_t> class_id) {
  Statement st(db_,
                       "SELECT s.id, s.class_id, s.name, s.student_no, s.is_new, s.categories, k.name, g.relation "
                       "FROM guardians g JOIN students s ON s.id = g.student_id JOIN classes k ON k.id = s.class_id "
                       "WHERE g.member_id = ?1 AND (?2 IS NULL OR s.class_id = ?2) ORDER BY k.name, s.name");
  st.bind(1, member_id);
  if (class_id) st.bind(2, *class_id);
  std::vector<Ward> out;
  while (st.executeStep()) {
    Ward w;
    w.student = read_student(st);
    w.class_name = st.getColumn(6).getString();
    w.relation = st.getColumn(7).getString();
    out.push_back(std::move(w));
  }
  return out;
}

bool Roster::is_guardian(std::int64_t member_id, std::optional<std::int64_t> class_id) {
  Statement st(db_,
               "SELECT EXISTS (SELECT 1 FROM guardians g JOIN students s ON s.id = g.student_id "
               "WHERE g.member_id = ?1 AND (?2 IS NULL OR s.class_id = ?2))");
  st.bind(1, member_id);
  if (class_id) st.bind(2, *class_id);
  return st.executeStep() && st.getColumn(0).getInt() != 0;
}

}  // namespace jiaxiao::store
