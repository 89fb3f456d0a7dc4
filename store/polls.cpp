#include "store/statement.hpp"
#include "store/polls.hpp"

#include "bot/core/text.hpp"

namespace jiaxiao::store {

namespace {

std::string join_choices(const std::vector<int>& choices) {
  std::vector<std::string> numbers;
  for (int c : choices) numbers.push_back(std::to_string(c));
  return core::join(numbers, ",");
}

std::vector<int> split_choices(const std::string& text) {
  std::vector<int> out;
  for (const auto& number : core::split(text, ",")) out.push_back(std::stoi(number));
  return out;
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
  p.options = core::split(st.getColumn(4).getString(), "\n");
  p.anonymous = st.getColumn(5).getInt() != 0;
  p.multi = st.getColumn(6).getInt() != 0;
  p.deadline_at = optional_int(st, 7);
  p.closed_at = optional_int(st, 8);
  p.cancelled_at = optional_int(st, 9);
  p.created_by = optional_int(st, 10);
  p.created_at = st.getColumn(11).getInt64();
  return p;
}

}  // namespace

void Polls::create(const PollRow& p) {
  Statement st(db_,
                       "INSERT INTO polls (thread, class_id, question, options, anonymous, multi, deadline_at, "
                       "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, p.number);
  st.bind(2, p.class_id);
  st.bind(3, p.question);
  st.bind(4, core::join(p.options, "\n"));
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

}  // namespace jiaxiao::store
