#include "store/statement.hpp"
#include "store/notices.hpp"

namespace jiaxiao::store {

namespace {
constexpr const char* notice_select =
    "SELECT n.thread, n.class_id, k.name, n.title, n.body, n.template, n.created_by, n.created_at, n.deadline_at, "
    "n.reminders_sent, n.last_reminded_at, n.closed_at, t.cancelled_at FROM notices n "
    "JOIN classes k ON k.id = n.class_id JOIN threads t ON t.number = n.thread ";

NoticeRow read_notice(SQLite::Statement& st) {
  NoticeRow n;
  n.number = st.getColumn(0).getInt64();
  n.class_id = st.getColumn(1).getInt64();
  n.class_name = st.getColumn(2).getString();
  n.title = st.getColumn(3).getString();
  n.body = st.getColumn(4).getString();
  if (!st.getColumn(5).isNull()) n.template_name = st.getColumn(5).getString();
  if (!st.getColumn(6).isNull()) n.created_by = st.getColumn(6).getInt64();
  n.created_at = st.getColumn(7).getInt64();
  n.deadline_at = st.getColumn(8).getInt64();
  n.reminders_sent = st.getColumn(9).getInt();
  if (!st.getColumn(10).isNull()) n.last_reminded_at = st.getColumn(10).getInt64();
  if (!st.getColumn(11).isNull()) n.closed_at = st.getColumn(11).getInt64();
  if (!st.getColumn(12).isNull()) n.cancelled_at = st.getColumn(12).getInt64();
  return n;
}

std::vector<NoticeRow> read_notices(SQLite::Statement& st) {
  std::vector<NoticeRow> out;
  while (st.executeStep()) out.push_back(read_notice(st));
  return out;
}
}  // namespace

void Notices::create(const NoticeRow& n) {
  Statement st(db_,
                       "INSERT INTO notices (thread, class_id, title, body, template, created_by, created_at, "
                       "deadline_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, n.number);
  st.bind(2, n.class_id);
  st.bind(3, n.title);
  st.bind(4, n.body);
  if (n.template_name) st.bind(5, *n.template_name);
  if (n.created_by) st.bind(6, *n.created_by);
  st.bind(7, n.created_at);
  st.bind(8, n.deadline_at);
  st.exec();
}

std::optional<NoticeRow> Notices::find(std::int64_t number) {
  Statement st(db_, std::string(notice_select) + "WHERE n.thread = ?");
  st.bind(1, number);
  if (!st.executeStep()) return std::nullopt;
  return read_notice(st);
}

std::optional<NoticeRow> Notices::newest(std::int64_t class_id) {
  Statement st(db_, std::string(notice_select) + "WHERE n.class_id = ? ORDER BY n.thread DESC LIMIT 1");
  st.bind(1, class_id);
  if (!st.executeStep()) return std::nullopt;
  return read_notice(st);
}

std::vector<NoticeRow> Notices::open_for_class(std::int64_t class_id) {
  Statement st(db_, std::string(notice_select) +
                                "WHERE n.class_id = ? AND n.closed_at IS NULL AND t.cancelled_at IS NULL "
                                "ORDER BY n.thread DESC");
  st.bind(1, class_id);
  return read_notices(st);
}

bool Notices::ack(std::int64_t notice, std::int64_t student_id, std::int64_t member_id, const std::string& relation,
                  std::optional<std::int64_t> message_id, const std::string& comment, std::int64_t now_ms) {
  const bool first = !acked(notice, student_id);
  Statement st(db_,
                       "INSERT INTO acks (notice, student_id, member_id, message_id, relation, comment, at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notice, student_id, member_id) DO NOTHING");
  st.bind(1, notice);
  st.bind(2, student_id);
  st.bind(3, member_id);
  if (message_id) st.bind(4, *message_id);
  st.bind(5, relation);
  st.bind(6, comment);
  st.bind(7, now_ms);
  st.exec();
  return first;
}

bool Notices::acked(std::int64_t notice, std::int64_t student_id) {
  Statement st(db_, "SELECT 1 FROM acks WHERE notice = ? AND student_id = ?");
  st.bind(1, notice);
  st.bind(2, student_id);
  return st.executeStep();
}

std::vector<AckRow> Notices::acks(std::int64_t notice) {
  Statement st(db_,
                       "SELECT student_id, member_id, relation, comment, at FROM acks WHERE notice = ? "
                       "ORDER BY at, rowid");
  st.bind(1, notice);
  std::vector<AckRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getInt64()});
  }
  return out;
}

void Notices::mark_reminded(std::int64_t notice, std::int64_t now_ms, bool counted) {
  Statement st(db_,
                       "UPDATE notices SET last_reminded_at = ?, reminders_sent = reminders_sent + ? WHERE thread = ?");
  st.bind(1, now_ms);
  st.bind(2, counted ? 1 : 0);
  st.bind(3, notice);
  st.exec();
}

void Notices::close(std::int64_t notice, std::int64_t now_ms) {
  Statement st(db_, "UPDATE notices SET closed_at = ? WHERE thread = ? AND closed_at IS NULL");
  st.bind(1, now_ms);
  st.bind(2, notice);
  st.exec();
}

std::vector<NoticeRow> Notices::all(std::optional<std::int64_t> class_id) {
  Statement st(db_, std::string(notice_select) + "WHERE (?1 IS NULL OR n.class_id = ?1) ORDER BY n.thread");
  if (class_id) st.bind(1, *class_id);
  return read_notices(st);
}

}  // namespace jiaxiao::store
