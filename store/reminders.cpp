#include "store/statement.hpp"
#include "store/reminders.hpp"

#include "store/chats.hpp"

namespace jiaxiao::store {

namespace {

constexpr const char* reminder_select =
    "SELECT r.id, r.thread, r.kind, r.due_at, r.state, c.platform, c.kind, c.platform_chat_id, r.text, r.event_at "
    "FROM reminders r LEFT JOIN chats c ON c.id = r.chat_id ";

ReminderRow read_reminder(SQLite::Statement& st) {
  ReminderRow r;
  r.id = st.getColumn(0).getInt64();
  if (!st.getColumn(1).isNull()) r.thread = st.getColumn(1).getInt64();
  r.kind = st.getColumn(2).getString();
  r.due_at = st.getColumn(3).getInt64();
  r.state = st.getColumn(4).getString();
  r.chat = read_chat(st, 5);
  r.text = st.getColumn(8).getString();
  if (!st.getColumn(9).isNull()) r.event_at = st.getColumn(9).getInt64();
  return r;
}

}  // namespace

std::int64_t Reminders::add(const ReminderRow& r, std::int64_t now_ms) {
  std::optional<std::int64_t> chat_id;
  if (r.chat) chat_id = Chats(db_).upsert(*r.chat, now_ms);
  Statement st(db_,
                       "INSERT INTO reminders (thread, kind, due_at, state, chat_id, text, event_at, created_at) "
                       "VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)");
  if (r.thread) st.bind(1, *r.thread);
  st.bind(2, r.kind);
  st.bind(3, r.due_at);
  if (chat_id) st.bind(4, *chat_id);
  st.bind(5, r.text);
  if (r.event_at) st.bind(6, *r.event_at);
  st.bind(7, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

std::optional<ReminderRow> Reminders::find(std::int64_t id) {
  Statement st(db_, std::string(reminder_select) + "WHERE r.id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return read_reminder(st);
}

std::optional<std::int64_t> Reminders::next_due_ms() {
  Statement st(db_, "SELECT due_at FROM reminders WHERE state = 'pending' ORDER BY due_at LIMIT 1");
  if (!st.executeStep()) return std::nullopt;
  return st.getColumn(0).getInt64();
}

std::vector<ReminderRow> Reminders::due(std::int64_t now_ms, std::size_t limit) {
  Statement st(db_, std::string(reminder_select) +
                                "WHERE r.state = 'pending' AND r.due_at <= ? ORDER BY r.due_at, r.id LIMIT ?");
  st.bind(1, now_ms);
  st.bind(2, static_cast<std::int64_t>(limit));
  std::vector<ReminderRow> out;
  while (st.executeStep()) out.push_back(read_reminder(st));
  return out;
}

bool Reminders::finish(std::int64_t id, const std::string& state, std::int64_t now_ms) {
  Statement st(db_, "UPDATE reminders SET state = ?, fired_at = ? WHERE id = ? AND state = 'pending'");
  st.bind(1, state);
  st.bind(2, now_ms);
  st.bind(3, id);
  return st.exec() > 0;
}

int Reminders::cancel_thread(std::int64_t thread) {
  Statement st(db_, "UPDATE reminders SET state = 'cancelled' WHERE thread = ? AND state = 'pending'");
  st.bind(1, thread);
  return st.exec();
}

std::int64_t Reminders::pending_count() {
  return db_.execAndGet("SELECT count(*) FROM reminders WHERE state = 'pending'").getInt64();
}

}  // namespace jiaxiao::store
