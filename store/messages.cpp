#include "store/messages.hpp"

#include <stdexcept>

#include "store/outbox.hpp"
#include "store/reply_windows.hpp"
#include "store/statement.hpp"

namespace jiaxiao::store {

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += '\n';
    out += item;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

namespace {
/// A stored chat's row id and whether it is marked unreachable.
struct ChatFound {
  std::int64_t id = 0;
  bool unreachable = false;
};

std::optional<ChatFound> find_chat(SQLite::Database& db, const core::ChatRef& chat, const std::string& kind) {
  Statement found(db,
                  "SELECT id, unreachable_since IS NOT NULL FROM chats WHERE platform = ? AND kind = ? AND "
                  "platform_chat_id = ?");
  found.bind(1, chat.platform);
  found.bind(2, kind);
  found.bind(3, chat.id);
  if (!found.executeStep()) return std::nullopt;
  return ChatFound{found.getColumn(0).getInt64(), found.getColumn(1).getInt() != 0};
}

/// The chat's row, created when first seen. Look first: nearly every message comes from a known chat,
/// and a lookup writes nothing. Another connection (the CLI) may add the chat between the lookup and
/// the insert: then look again.
ChatFound upsert_chat_row(SQLite::Database& db, const core::ChatRef& chat, std::int64_t now_ms) {
  const std::string kind(core::to_string(chat.kind));
  if (const auto found = find_chat(db, chat, kind)) return *found;
  Statement st(db,
               "INSERT INTO chats (platform, kind, platform_chat_id, first_seen_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (platform, kind, platform_chat_id) DO NOTHING");
  st.bind(1, chat.platform);
  st.bind(2, kind);
  st.bind(3, chat.id);
  st.bind(4, now_ms);
  if (st.exec() > 0) return {db.getLastInsertRowid(), false};
  return find_chat(db, chat, kind).value();
}

// `members.last_seen_at` is kept to the minute: rewriting the member's row for every message of a busy
// group would add a page to nearly every commit, and nothing needs it finer.
constexpr std::int64_t last_seen_precision_ms = 60'000;
}  // namespace

std::int64_t Messages::upsert_chat(const core::ChatRef& chat, std::int64_t now_ms) {
  return upsert_chat_row(db_, chat, now_ms).id;
}

std::int64_t Messages::upsert_member(const core::UserRef& user, std::int64_t now_ms) {
  // Look first, then touch only what changed (the name when the platform sent a new one, the time
  // last seen when over a minute old); insert when new, and look again if another connection
  // inserted it meanwhile.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<std::int64_t> id;
    bool renamed = false;
    bool seen_lately = false;
    {
      Statement found(db_,
                      "SELECT id, display_name, last_seen_at FROM members WHERE platform = ? AND platform_user_id = ?");
      found.bind(1, user.platform);
      found.bind(2, user.id);
      if (found.executeStep()) {
        id = found.getColumn(0).getInt64();
        renamed = !user.name.empty() && user.name != found.getColumn(1).getText();
        seen_lately = now_ms - found.getColumn(2).getInt64() < last_seen_precision_ms;
      }
    }
    if (id && !renamed && seen_lately) return *id;
    if (id) {
      Statement st(db_, renamed ? "UPDATE members SET last_seen_at = ?2, display_name = ?3 WHERE id = ?1"
                                : "UPDATE members SET last_seen_at = ?2 WHERE id = ?1");
      st.bind(1, *id);
      st.bind(2, now_ms);
      if (renamed) st.bind(3, user.name);
      st.exec();
      return *id;
    }
    Statement st(db_,
                 "INSERT INTO members (platform, platform_user_id, display_name, first_seen_at, last_seen_at) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, platform_user_id) DO NOTHING");
    st.bind(1, user.platform);
    st.bind(2, user.id);
    st.bind(3, user.name);
    st.bind(4, now_ms);
    st.bind(5, now_ms);
    if (st.exec() > 0) return db_.getLastInsertRowid();
  }
  throw std::runtime_error("member neither found nor inserted: " + user.platform);
}

std::optional<std::int64_t> Messages::find_member(const std::string& platform, const std::string& user_id) {
  Statement st(db_, "SELECT id FROM members WHERE platform = ? AND platform_user_id = ?");
  st.bind(1, platform);
  st.bind(2, user_id);
  if (!st.executeStep()) return std::nullopt;
  return st.getColumn(0).getInt64();
}

std::string Messages::member_label(std::int64_t member_id) {
  Statement st(db_, "SELECT display_name, platform_user_id FROM members WHERE id = ?");
  st.bind(1, member_id);
  if (!st.executeStep()) return "";
  const std::string name = st.getColumn(0).getString();
  return name.empty() ? st.getColumn(1).getString() : name;
}

IngestResult Messages::insert_incoming(const core::IncomingMessage& m, std::int64_t now_ms) {
  {
    Statement existing(db_,
                               "SELECT id FROM messages WHERE direction = 'in' AND platform = ? "
                               "AND platform_message_id = ?");
    existing.bind(1, m.chat.platform);
    existing.bind(2, m.platform_message_id);
    if (existing.executeStep()) return {existing.getColumn(0).getInt64(), true};
  }
  const ChatFound chat = upsert_chat_row(db_, m.chat, now_ms);
  const std::int64_t chat_id = chat.id;
  const std::int64_t member_id = upsert_member(m.sender, now_ms);
  Statement st(db_,
                       "INSERT INTO messages (direction, platform, chat_id, member_id, text, mentions, mentions_bot, "
                       "reply_to, platform_message_id, sent_at, received_at, quoted_thread) "
                       "VALUES ('in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, m.chat.platform);
  st.bind(2, chat_id);
  st.bind(3, member_id);
  st.bind(4, m.text);
  st.bind(5, join_lines(m.mentions));
  st.bind(6, m.mentions_bot ? 1 : 0);
  if (m.reply_to) st.bind(7, *m.reply_to);
  st.bind(8, m.platform_message_id);
  st.bind(9, m.sent_at_ms);
  st.bind(10, now_ms);
  if (m.quoted_thread) st.bind(11, *m.quoted_thread);
  st.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  // A message from a chat proves the bot is back in it.
  if (chat.unreachable) {
    Statement reachable(db_, "UPDATE chats SET unreachable_since = NULL WHERE id = ?");
    reachable.bind(1, chat_id);
    reachable.exec();
  }
  if (m.reply_window) ReplyWindows(db_).open(chat_id, id, m.platform_message_id, *m.reply_window);
  return {id, false};
}

std::int64_t Messages::insert_outgoing(const core::OutgoingMessage& m, std::int64_t now_ms) {
  const std::int64_t chat_id = upsert_chat(m.chat, now_ms);
  Statement st(db_,
                       "INSERT INTO messages (direction, platform, chat_id, text, mentions, reply_to, thread, "
                       "received_at) VALUES ('out', ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, m.chat.platform);
  st.bind(2, chat_id);
  st.bind(3, m.text);
  st.bind(4, join_lines(m.mentions));
  if (m.in_reply_to) st.bind(5, *m.in_reply_to);
  if (m.thread) st.bind(6, *m.thread);
  st.bind(7, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

void Messages::set_sent(std::int64_t message_id, const std::string& platform_message_id, std::int64_t now_ms) {
  Statement st(db_, "UPDATE messages SET platform_message_id = ?, sent_at = ? WHERE id = ?");
  if (!platform_message_id.empty()) st.bind(1, platform_message_id);
  st.bind(2, now_ms);
  st.bind(3, message_id);
  st.exec();
}

std::optional<std::int64_t> Messages::thread_of_sent(const std::string& platform, const std::string& platform_message_id) {
  Statement st(db_,
                       "SELECT thread FROM messages WHERE direction = 'out' AND platform = ? AND platform_message_id = ? "
                       "AND thread IS NOT NULL ORDER BY id DESC LIMIT 1");
  st.bind(1, platform);
  st.bind(2, platform_message_id);
  if (!st.executeStep()) return std::nullopt;
  return st.getColumn(0).getInt64();
}

void Messages::mark_processed(std::int64_t message_id, std::int64_t now_ms, std::optional<std::int64_t> thread) {
  // One write of the row for both (each rewrite of a row costs its page in the commit).
  Statement st(db_,
               "UPDATE messages SET processed_at = ?1, thread = COALESCE(?3, thread) WHERE id = ?2 AND "
               "processed_at IS NULL");
  st.bind(1, now_ms);
  st.bind(2, message_id);
  if (thread) st.bind(3, *thread);
  st.exec();
  // Its answers are queued now; a window it opened may carry what waits for one in that chat.
  Statement window(db_, "SELECT chat_id FROM reply_windows WHERE message_id = ?");
  window.bind(1, message_id);
  if (window.executeStep()) Outbox(db_).release_waiting(window.getColumn(0).getInt64(), now_ms);
}

std::vector<std::int64_t> Messages::unprocessed(std::size_t limit) {
  Statement st(db_,
                       "SELECT id FROM messages WHERE direction = 'in' AND processed_at IS NULL ORDER BY id LIMIT ?");
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> ids;
  while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
  return ids;
}

std::optional<core::IncomingMessage> Messages::load_incoming(std::int64_t message_id) {
  Statement st(db_,
                       "SELECT m.platform_message_id, c.platform, c.kind, c.platform_chat_id, u.platform_user_id, "
                       "u.display_name, m.text, m.mentions, m.mentions_bot, m.reply_to, m.sent_at, m.quoted_thread "
                       "FROM messages m JOIN chats c ON c.id = m.chat_id LEFT JOIN members u ON u.id = m.member_id "
                       "WHERE m.id = ? AND m.direction = 'in'");
  st.bind(1, message_id);
  if (!st.executeStep()) return std::nullopt;
  core::IncomingMessage m;
  m.platform_message_id = st.getColumn(0).getString();
  m.chat.platform = st.getColumn(1).getString();
  m.chat.kind = core::chat_kind_from_string(st.getColumn(2).getString()).value_or(core::ChatKind::group);
  m.chat.id = st.getColumn(3).getString();
  m.sender.platform = m.chat.platform;
  m.sender.id = st.getColumn(4).getString();
  m.sender.name = st.getColumn(5).getString();
  m.text = st.getColumn(6).getString();
  m.mentions = split_lines(st.getColumn(7).getString());
  m.mentions_bot = st.getColumn(8).getInt() != 0;
  if (!st.getColumn(9).isNull()) m.reply_to = st.getColumn(9).getString();
  m.sent_at_ms = st.getColumn(10).getInt64();
  if (!st.getColumn(11).isNull()) m.quoted_thread = st.getColumn(11).getInt64();
  return m;
}

std::int64_t Messages::count(const std::string& direction) {
  // Asked on every /metrics scrape, on the thread that stores webhooks: neither count reads the
  // table. Outgoing messages have an index of their own; incoming ones, nearly all the rows, are all
  // rows (counted from the smallest index) less the outgoing ones.
  Statement out(db_, "SELECT count(*) FROM messages WHERE direction = 'out'");
  out.executeStep();
  const std::int64_t outgoing = out.getColumn(0).getInt64();
  if (direction == "out") return outgoing;
  if (direction != "in") return 0;
  Statement all(db_, "SELECT count(*) FROM messages");
  all.executeStep();
  return all.getColumn(0).getInt64() - outgoing;
}

std::vector<MessageRow> Messages::export_rows(const MessageFilter& filter) {
  // Unset filters are bound as NULL and compare as "no filter".
  Statement st(db_,
                       "SELECT m.id, m.platform, c.platform_chat_id, u.platform_user_id, m.direction, m.text, "
                       "m.thread, m.platform_message_id, COALESCE(m.sent_at, m.received_at) AS at "
                       "FROM messages m JOIN chats c ON c.id = m.chat_id LEFT JOIN members u ON u.id = m.member_id "
                       "LEFT JOIN classes k ON k.id = c.class_id "
                       "WHERE (?1 IS NULL OR m.thread = ?1) AND (?2 IS NULL OR at >= ?2) AND (?3 IS NULL OR at < ?3) "
                       "AND (?4 IS NULL OR k.name = ?4) ORDER BY m.id");
  if (filter.thread) st.bind(1, *filter.thread);
  if (filter.from_ms) st.bind(2, *filter.from_ms);
  if (filter.to_ms) st.bind(3, *filter.to_ms);
  if (filter.class_name) st.bind(4, *filter.class_name);
  std::vector<MessageRow> rows;
  while (st.executeStep()) {
    MessageRow row;
    row.id = st.getColumn(0).getInt64();
    row.platform = st.getColumn(1).getString();
    row.group = core::qualified_id(row.platform, st.getColumn(2).getString());
    if (!st.getColumn(3).isNull()) row.sender = core::qualified_id(row.platform, st.getColumn(3).getString());
    row.direction = st.getColumn(4).getString();
    row.text = st.getColumn(5).getString();
    if (!st.getColumn(6).isNull()) row.thread = st.getColumn(6).getInt64();
    row.platform_message_id = st.getColumn(7).getString();
    row.at_ms = st.getColumn(8).getInt64();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace jiaxiao::store
