#include "store/statement.hpp"
#include "store/polls.hpp"

#include "store/messages.hpp"

namespace jiaxiao::store {

namespace {

std::string join_choices(const std::vector<int>& choices) {
  std::string out;
  for (int c : choices) out += (out.empty() ? "" : ",") + std::to_string(c);
  return out;
}

std::vector<int> split_choices(const std::string& text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(std::stoi(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::optional<std::int64_t> optional_int(SQLite::Statement& st, int column) {
  if (st.getColumn(column).isNull()) return std::nullopt;
  return st.getColumn(column).getInt64();
}

constexpr const char* poll_select =
    "SELECT p.thread, p.class_id, k.name, p.question, p.options, p.anonymous, p.multi, p.deadline_at, p.closed_at, "
    "t.cancelled_at, p.created_by, p.created_at FROM polls p JOIN classes k ON k.id = p.class_id "
    "JOIN threads t ON t.number = p.thread ";

PollRow read_poll(SQLite::Statement& st) {
  PollRow p;
  p.number = st.getColumn(0).getInt64();
  p.class_id = st.getColumn(1).getInt64();
  p.class_name = st.getColumn(2).getString();
  p.question = st.getColumn(3).getString();
  p.options = split_lines(st.getColumn(4).getString());
  p.anonymous = st.getColumn(5).getInt() != 0;
  p.multi = st.getColumn(6).getInt() != 0;
  p.deadline_at = optional_int(st, 7);
  p.closed_at = optional_int(st, 8);
  p.cancelled_at = optional_int(st, 9);
  p.created_by = optional_int(st, 10);
  p.created_at = st.getColumn(11).getInt64();
  return p;
}

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

void Polls::create(const PollRow& p) {
  Statement st(db_,
                       "INSERT INTO polls (thread, class_id, question, options, anonymous, multi, deadline_at, "
                       "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, p.number);
  st.bind(2, p.class_id);
  st.bind(3, p.question);
  st.bind(4, join_lines(p.options));
  st.bind(5, p.anonymous ? 1 : 0);
  st.bind(6, p.multi ? 1 : 0);
  if (p.deadline_at) st.bind(7, *p.deadline_at);
  if (p.created_by) st.bind(8, *p.created_by);
  st.bind(9, p.created_at);
  st.exec();
}

std::optional<PollRow> Polls::find(std::int64_t number) {
  Statement st(db_, std::string(poll_select) + "WHERE p.thread = ?");
  st.bind(1, number);
  if (!st.executeStep()) return std::nullopt;
  return read_poll(st);
}

std::vector<PollRow> Polls::open_for_class(std::int64_t class_id) {
  Statement st(db_, std::string(poll_select) +
                                "WHERE p.class_id = ? AND p.closed_at IS NULL AND t.cancelled_at IS NULL "
                                "ORDER BY p.thread DESC");
  st.bind(1, class_id);
  std::vector<PollRow> out;
  while (st.executeStep()) out.push_back(read_poll(st));
  return out;
}

std::optional<PollRow> Polls::newest(std::int64_t class_id) {
  Statement st(db_, std::string(poll_select) + "WHERE p.class_id = ? ORDER BY p.thread DESC LIMIT 1");
  st.bind(1, class_id);
  if (!st.executeStep()) return std::nullopt;
  return read_poll(st);
}

void Polls::vote(std::int64_t poll, const VoteRow& v) {
  Statement st(db_,
                       "INSERT INTO votes (poll, student_id, member_id, choices, at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (poll, student_id) DO UPDATE SET member_id = excluded.member_id, "
                       "choices = excluded.choices, at = excluded.at");
  st.bind(1, poll);
  st.bind(2, v.student_id);
  st.bind(3, v.member_id);
  st.bind(4, join_choices(v.choices));
  st.bind(5, v.at);
  st.exec();
}

std::vector<VoteRow> Polls::votes(std::int64_t poll) {
  Statement st(db_, "SELECT student_id, member_id, choices, at FROM votes WHERE poll = ? ORDER BY at, student_id");
  st.bind(1, poll);
  std::vector<VoteRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), split_choices(st.getColumn(2).getString()),
                   st.getColumn(3).getInt64()});
  }
  return out;
}

void Polls::close(std::int64_t poll, std::int64_t now_ms) {
  Statement st(db_, "UPDATE polls SET closed_at = ? WHERE thread = ? AND closed_at IS NULL");
  st.bind(1, now_ms);
  st.bind(2, poll);
  st.exec();
}

std::vector<PollRow> Polls::all(std::optional<std::int64_t> class_id) {
  Statement st(db_, std::string(poll_select) + "WHERE (?1 IS NULL OR p.class_id = ?1) ORDER BY p.thread");
  if (class_id) st.bind(1, *class_id);
  std::vector<PollRow> out;
  while (st.executeStep()) out.push_back(read_poll(st));
  return out;
}

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
