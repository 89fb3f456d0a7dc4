#pragma once
// Reply windows: the platform's permission to answer one incoming message (a WeCom smart robot's
// response_url, a QQ official bot's msg_id), kept with the message so a restart does not lose it and
// a use is never taken twice.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

/// One use of a window, taken before the send: the handle and the sequence number of this use (1-based).
struct WindowUse {
  std::int64_t window_id = 0;
  std::string platform_message_id;  // of the incoming message the window belongs to
  std::string handle;
  int seq = 1;
};

/// Repository of reply windows over one connection (no transactions of its own).
class ReplyWindows {
 public:
  explicit ReplyWindows(SQLite::Database& db) : db_(db) {}

  /// Keeps the window of a stored incoming message.
  void open(std::int64_t chat_row_id, std::int64_t message_row_id, const std::string& platform_message_id,
            const core::ReplyWindow& window);
  /// Takes a use for a message to `chat`: the window of `in_reply_to` while it lasts; otherwise, when
  /// `any_window`, the chat's open window that closes first among those whose own message has been acted
  /// on and whose uses are not all spoken for by that message's own answers. Nullopt: none to take.
  std::optional<WindowUse> take(const core::ChatRef& chat, const std::optional<std::string>& in_reply_to,
                                bool any_window, std::int64_t now_ms);
  /// The chat row of the window the incoming message `message_row_id` opened; nullopt when it opened none.
  std::optional<std::int64_t> chat_of_message(std::int64_t message_row_id);
  /// Windows still open (not expired, uses left), for /metrics.
  std::int64_t open_count(std::int64_t now_ms);

 private:
  std::optional<WindowUse> use(SQLite::Statement& candidate);
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
