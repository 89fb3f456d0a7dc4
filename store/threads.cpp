#include "store/threads.hpp"

#include "store/chats.hpp"
#include "store/statement.hpp"

namespace jiaxiao::store {

std::int64_t Threads::create(const ThreadRow& t, std::int64_t now_ms) {
  std::optional<std::int64_t> chat_id;
  if (t.chat) chat_id = Chats(db_).upsert(*t.chat, now_ms);
  Statement st(db_,
                       "INSERT INTO threads (kind, class_id, chat_id, created_by, title, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, t.kind);
  if (t.class_id) st.bind(2, *t.class_id);
  if (chat_id) st.bind(3, *chat_id);
  if (t.created_by) st.bind(4, *t.created_by);
  st.bind(5, t.title);
  st.bind(6, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

std::optional<ThreadRow> Threads::find(std::int64_t number) {
  Statement st(db_,
                       "SELECT t.number, t.kind, t.class_id, c.platform, c.kind, c.platform_chat_id, t.created_by, "
                       "t.title, t.created_at, t.cancelled_at FROM threads t LEFT JOIN chats c ON c.id = t.chat_id "
                       "WHERE t.number = ?");
  st.bind(1, number);
  if (!st.executeStep()) return std::nullopt;
  ThreadRow t;
  t.number = st.getColumn(0).getInt64();
  t.kind = st.getColumn(1).getString();
  if (!st.getColumn(2).isNull()) t.class_id = st.getColumn(2).getInt64();
  t.chat = read_chat(st, 3);
  if (!st.getColumn(6).isNull()) t.created_by = st.getColumn(6).getInt64();
  t.title = st.getColumn(7).getString();
  t.created_at = st.getColumn(8).getInt64();
  if (!st.getColumn(9).isNull()) t.cancelled_at = st.getColumn(9).getInt64();
  return t;
}

bool Threads::cancel(std::int64_t number, std::int64_t now_ms) {
  Statement st(db_, "UPDATE threads SET cancelled_at = ? WHERE number = ? AND cancelled_at IS NULL");
  st.bind(1, now_ms);
  st.bind(2, number);
  return st.exec() > 0;
}

}  // namespace jiaxiao::store
