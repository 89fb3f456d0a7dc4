#include "store/messages.hpp"

#include <stdexcept>

#include "bot/core/text.hpp"
#include "store/chats.hpp"
#include "store/members.hpp"
#include "store/reply_windows.hpp"
#include "store/statement.hpp"

namespace jiaxiao::store {

IngestResult Messages::insert_incoming(const core::IncomingMessage& m, std::int64_t now_ms) {
  {
    Statement existing(db_,
                               "SELECT id FROM messages WHERE direction = 'in' AND platform = ? "
                               "AND platform_message_id = ?");
    existing.bind(1, m.chat.platform);
    existing.bind(2, m.platform_message_id);
    if (existing.executeStep()) return {existing.getColumn(0).getInt64(), true};
  }
  const std::int64_t chat_id = Chats(db_).upsert(m.chat, now_ms);
  // What a member wrote is kept as written, but never invalid UTF-8, control characters or bidirectional
  // overrides (SPEC §4): every later reader (replies, exports, pages) gets clean text. Every way in
  // (webhooks, the console) passes here.
  core::UserRef sender = m.sender;
  sender.name = core::clean_text(sender.name);
  // An anonymous sender (no id) is no member: the message is kept, it belongs to nobody.
  const std::optional<std::int64_t> member_id =
      sender.id.empty() ? std::nullopt : std::optional<std::int64_t>(Members(db_).upsert(sender, now_ms));
  Statement st(db_,
                       "INSERT INTO messages (direction, platform, chat_id, member_id, text, mentions, mentions_bot, "
                       "reply_to, platform_message_id, sent_at, received_at, quoted_thread) "
                       "VALUES ('in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, m.chat.platform);
  st.bind(2, chat_id);
  if (member_id) st.bind(3, *member_id);
  st.bind(4, core::clean_text(m.text));
  st.bind(5, core::join(m.mentions, "\n"));
  st.bind(6, m.mentions_bot ? 1 : 0);
  if (m.reply_to) st.bind(7, *m.reply_to);
  st.bind(8, m.platform_message_id);
  st.bind(9, m.sent_at_ms);
  st.bind(10, now_ms);
  if (m.quoted_thread) st.bind(11, *m.quoted_thread);
  st.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  if (m.reply_window) ReplyWindows(db_).open(chat_id, id, m.platform_message_id, *m.reply_window);
  return {id, false};
}

std::int64_t Messages::insert_outgoing(const core::OutgoingMessage& m, std::int64_t now_ms) {
  const std::int64_t chat_id = Chats(db_).upsert(m.chat, now_ms);
  Statement st(db_,
                       "INSERT INTO messages (direction, platform, chat_id, text, mentions, reply_to, thread, "
                       "received_at) VALUES ('out', ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, m.chat.platform);
  st.bind(2, chat_id);
  st.bind(3, m.text);
  st.bind(4, core::join(m.mentions, "\n"));
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
  // The last part's id is on the message itself; the earlier parts' in message_parts.
  Statement st(db_,
               "SELECT thread, id FROM messages WHERE direction = 'out' AND platform = ?1 AND platform_message_id = ?2 "
               "AND thread IS NOT NULL "
               "UNION ALL SELECT m.thread, m.id FROM message_parts p JOIN messages m ON m.id = p.message_id "
               "WHERE p.platform = ?1 AND p.platform_message_id = ?2 AND m.thread IS NOT NULL "
               "ORDER BY 2 DESC LIMIT 1");
  st.bind(1, platform);
  st.bind(2, platform_message_id);
  if (!st.executeStep()) return std::nullopt;
  return st.getColumn(0).getInt64();
}

void Messages::add_sent_part(std::int64_t message_id, const std::string& platform, const std::string& platform_message_id) {
  if (platform_message_id.empty()) return;
  Statement st(db_, "INSERT INTO message_parts (message_id, platform, platform_message_id) VALUES (?, ?, ?)");
  st.bind(1, message_id);
  st.bind(2, platform);
  st.bind(3, platform_message_id);
  st.exec();
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
  m.mentions = core::split(st.getColumn(7).getString(), "\n");
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
                       "AND (?4 IS NULL OR k.name = ?4) AND m.sealed = 0 AND (?5 = 1 OR c.kind = 'group') ORDER BY m.id");
  if (filter.thread) st.bind(1, *filter.thread);
  if (filter.from_ms) st.bind(2, *filter.from_ms);
  if (filter.to_ms) st.bind(3, *filter.to_ms);
  if (filter.class_name) st.bind(4, *filter.class_name);
  st.bind(5, filter.include_private ? 1 : 0);
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

void Messages::seal(std::int64_t message_id) {
  Statement st(db_, "UPDATE messages SET sealed = 1 WHERE id = ?");
  st.bind(1, message_id);
  st.exec();
}

}  // namespace jiaxiao::store
