#include "store/signups.hpp"

#include "store/statement.hpp"

namespace jiaxiao::store {

namespace {
constexpr const char* signup_select =
    "SELECT s.thread, s.class_id, k.name, s.title, s.capacity, s.deadline_at, s.closed_at, t.cancelled_at, "
    "s.last_posted_at, s.created_by, s.list_due, s.created_at FROM signups s JOIN classes k ON k.id = s.class_id "
    "JOIN threads t ON t.number = s.thread ";

SignupRow read_signup(SQLite::Statement& st) {
  SignupRow s;
  s.number = st.getColumn(0).getInt64();
  s.class_id = st.getColumn(1).getInt64();
  s.class_name = st.getColumn(2).getString();
  s.title = st.getColumn(3).getString();
  if (!st.getColumn(4).isNull()) s.capacity = st.getColumn(4).getInt();
  s.deadline_at = optional_int(st, 5);
  s.closed_at = optional_int(st, 6);
  s.cancelled_at = optional_int(st, 7);
  s.last_posted_at = optional_int(st, 8);
  s.created_by = optional_int(st, 9);
  s.list_due = st.getColumn(10).getInt() != 0;
  s.created_at = st.getColumn(11).getInt64();
  return s;
}

}  // namespace

void Signups::create(const SignupRow& s) {
  Statement st(db_,
                       "INSERT INTO signups (thread, class_id, title, capacity, deadline_at, created_by, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, s.number);
  st.bind(2, s.class_id);
  st.bind(3, s.title);
  if (s.capacity) st.bind(4, *s.capacity);
  if (s.deadline_at) st.bind(5, *s.deadline_at);
  if (s.created_by) st.bind(6, *s.created_by);
  st.bind(7, s.created_at);
  st.exec();
}

std::optional<SignupRow> Signups::find(std::int64_t number) {
  Statement st(db_, std::string(signup_select) + "WHERE s.thread = ?");
  st.bind(1, number);
  if (!st.executeStep()) return std::nullopt;
  return read_signup(st);
}

std::vector<SignupRow> Signups::open_for_class(std::int64_t class_id) {
  Statement st(db_, std::string(signup_select) +
                                "WHERE s.class_id = ? AND s.closed_at IS NULL AND t.cancelled_at IS NULL "
                                "ORDER BY s.thread DESC");
  st.bind(1, class_id);
  std::vector<SignupRow> out;
  while (st.executeStep()) out.push_back(read_signup(st));
  return out;
}

bool Signups::join(std::int64_t signup, const SignupEntry& e) {
  Statement update(db_, "UPDATE signup_entries SET note = ?, label = ? WHERE signup = ? AND member_id = ?");
  update.bind(1, e.note);
  update.bind(2, e.label);
  update.bind(3, signup);
  update.bind(4, e.member_id);
  if (update.exec() > 0) return false;
  Statement st(db_, "INSERT INTO signup_entries (signup, member_id, label, note, at) VALUES (?, ?, ?, ?, ?)");
  st.bind(1, signup);
  st.bind(2, e.member_id);
  st.bind(3, e.label);
  st.bind(4, e.note);
  st.bind(5, e.at);
  st.exec();
  return true;
}

bool Signups::leave(std::int64_t signup, std::int64_t member_id) {
  Statement st(db_, "DELETE FROM signup_entries WHERE signup = ? AND member_id = ?");
  st.bind(1, signup);
  st.bind(2, member_id);
  return st.exec() > 0;
}

std::vector<SignupEntry> Signups::entries(std::int64_t signup) {
  Statement st(db_, "SELECT member_id, label, note, at FROM signup_entries WHERE signup = ? ORDER BY at, rowid");
  st.bind(1, signup);
  std::vector<SignupEntry> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getInt64()});
  }
  return out;
}

void Signups::set_list_due(std::int64_t signup, bool due) {
  Statement st(db_, "UPDATE signups SET list_due = ? WHERE thread = ?");
  st.bind(1, due ? 1 : 0);
  st.bind(2, signup);
  st.exec();
}

void Signups::mark_posted(std::int64_t signup, std::int64_t now_ms) {
  Statement st(db_, "UPDATE signups SET last_posted_at = ?, list_due = 0 WHERE thread = ?");
  st.bind(1, now_ms);
  st.bind(2, signup);
  st.exec();
}

void Signups::close(std::int64_t signup, std::int64_t now_ms) {
  Statement st(db_, "UPDATE signups SET closed_at = ? WHERE thread = ? AND closed_at IS NULL");
  st.bind(1, now_ms);
  st.bind(2, signup);
  st.exec();
}

std::vector<SignupRow> Signups::all(std::optional<std::int64_t> class_id) {
  Statement st(db_, std::string(signup_select) + "WHERE (?1 IS NULL OR s.class_id = ?1) ORDER BY s.thread");
  if (class_id) st.bind(1, *class_id);
  std::vector<SignupRow> out;
  while (st.executeStep()) out.push_back(read_signup(st));
  return out;
}

}  // namespace jiaxiao::store
