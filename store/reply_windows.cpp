#include "store/statement.hpp"
#include "store/reply_windows.hpp"

namespace jiaxiao::store {

void ReplyWindows::open(std::int64_t chat_row_id, std::int64_t message_row_id, const std::string& platform_message_id,
                        const core::ReplyWindow& window) {
  Statement st(db_,
                       "INSERT OR IGNORE INTO reply_windows (chat_id, message_id, platform_message_id, handle, "
                       "expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, chat_row_id);
  st.bind(2, message_row_id);
  st.bind(3, platform_message_id);
  st.bind(4, window.handle);
  st.bind(5, window.expires_at_ms);
  st.bind(6, window.max_uses);
  st.exec();
}

std::optional<WindowUse> ReplyWindows::use(SQLite::Statement& candidate) {
  if (!candidate.executeStep()) return std::nullopt;
  WindowUse taken;
  taken.window_id = candidate.getColumn(0).getInt64();
  taken.platform_message_id = candidate.getColumn(1).getString();
  taken.handle = candidate.getColumn(2).getString();
  taken.seq = candidate.getColumn(3).getInt() + 1;
  Statement st(db_, "UPDATE reply_windows SET uses = uses + 1 WHERE id = ?");
  st.bind(1, taken.window_id);
  st.exec();
  return taken;
}

std::optional<WindowUse> ReplyWindows::take(const core::ChatRef& chat, const std::optional<std::string>& in_reply_to,
                                            bool any_window, std::int64_t now_ms) {
  if (in_reply_to) {
    Statement own(db_,
                          "SELECT w.id, w.platform_message_id, w.handle, w.uses FROM reply_windows w "
                          "JOIN chats c ON c.id = w.chat_id WHERE c.platform = ? AND c.kind = ? AND "
                          "c.platform_chat_id = ? AND w.platform_message_id = ? AND w.uses < w.max_uses AND "
                          "w.expires_at > ?");
    own.bind(1, chat.platform);
    own.bind(2, std::string(core::to_string(chat.kind)));
    own.bind(3, chat.id);
    own.bind(4, *in_reply_to);
    own.bind(5, now_ms);
    if (auto taken = use(own)) return taken;
  }
  if (!any_window) return std::nullopt;
  // A window serves its own message's answers first: uses still needed by pending answers to that
  // message are not lent to pushes, and a message not yet acted on may still produce answers.
  Statement other(db_,
                          "SELECT w.id, w.platform_message_id, w.handle, w.uses FROM reply_windows w "
                          "JOIN chats c ON c.id = w.chat_id JOIN messages m ON m.id = w.message_id "
                          "WHERE c.platform = ?1 AND c.kind = ?2 AND c.platform_chat_id = ?3 AND w.uses < w.max_uses "
                          "AND w.expires_at > ?4 AND m.processed_at IS NOT NULL AND w.uses + "
                          "(SELECT count(*) FROM messages a JOIN outbox o ON o.message_id = a.id "
                          " WHERE a.direction = 'out' AND a.reply_to = w.platform_message_id AND a.chat_id = w.chat_id "
                          " AND o.state = 'pending') < w.max_uses "
                          "ORDER BY w.expires_at, w.id LIMIT 1");
  other.bind(1, chat.platform);
  other.bind(2, std::string(core::to_string(chat.kind)));
  other.bind(3, chat.id);
  other.bind(4, now_ms);
  return use(other);
}

std::int64_t ReplyWindows::open_count(std::int64_t now_ms) {
  Statement st(db_, "SELECT count(*) FROM reply_windows WHERE uses < max_uses AND expires_at > ?");
  st.bind(1, now_ms);
  st.executeStep();
  return st.getColumn(0).getInt64();
}

std::optional<std::int64_t> ReplyWindows::chat_of_message(std::int64_t message_row_id) {
  Statement window(db_, "SELECT chat_id FROM reply_windows WHERE message_id = ?");
  window.bind(1, message_row_id);
  if (!window.executeStep()) return std::nullopt;
  return window.getColumn(0).getInt64();
}

}  // namespace jiaxiao::store
