#include "store/statement.hpp"
#include "store/outbox.hpp"

#include "bot/core/text.hpp"
#include "store/messages.hpp"

namespace jiaxiao::store {

namespace {
// ",onebot,console," — matched with instr() so the platform filter stays one bound value.
std::string platform_list(const std::vector<std::string>& platforms) {
  std::string list = ",";
  for (const auto& p : platforms) list += p + ",";
  return list;
}
}  // namespace

std::int64_t Outbox::enqueue(const core::OutgoingMessage& message, std::int64_t now_ms,
                             std::optional<std::int64_t> not_before_ms) {
  const std::int64_t message_id = Messages(db_).insert_outgoing(message, now_ms);
  Statement st(db_,
                       "INSERT INTO outbox (message_id, state, next_attempt_at, created_at) "
                       "VALUES (?, 'pending', ?, ?)");
  st.bind(1, message_id);
  st.bind(2, not_before_ms.value_or(now_ms));
  st.bind(3, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

namespace {
// The columns read_item() reads, in order.
constexpr const char* item_columns =
    "SELECT o.id, o.message_id, o.attempts, c.platform, c.kind, c.platform_chat_id, m.text, m.mentions, m.thread, "
    "m.reply_to, o.parts_sent, c.id, c.webhook_key, o.created_at, o.failing_since, o.in_flight_since, "
    "o.unknown_outcomes, o.dedupe_window_id, o.dedupe_seq, w.platform_message_id, w.handle, w.expires_at "
    "FROM outbox o JOIN messages m ON m.id = o.message_id JOIN chats c ON c.id = m.chat_id "
    "LEFT JOIN reply_windows w ON w.id = o.dedupe_window_id ";

OutboxItem read_item(SQLite::Statement& st) {
  OutboxItem item;
  item.id = st.getColumn(0).getInt64();
  item.message_id = st.getColumn(1).getInt64();
  item.attempts = st.getColumn(2).getInt();
  item.message.chat.platform = st.getColumn(3).getString();
  item.message.chat.kind = core::chat_kind_from_string(st.getColumn(4).getString()).value_or(core::ChatKind::group);
  item.message.chat.id = st.getColumn(5).getString();
  item.message.text = st.getColumn(6).getString();
  item.message.mentions = core::split(st.getColumn(7).getString(), "\n");
  if (!st.getColumn(8).isNull()) item.message.thread = st.getColumn(8).getInt64();
  if (!st.getColumn(9).isNull()) item.message.in_reply_to = st.getColumn(9).getString();
  item.parts_sent = st.getColumn(10).getInt();
  item.chat_row_id = st.getColumn(11).getInt64();
  if (!st.getColumn(12).isNull()) item.push_key = st.getColumn(12).getString();
  item.created_at_ms = st.getColumn(13).getInt64();
  item.failing_since_ms = optional_int(st, 14);
  item.in_flight_since_ms = optional_int(st, 15);
  item.unknown_outcomes = st.getColumn(16).getInt();
  if (!st.getColumn(17).isNull() && !st.getColumn(20).isNull()) {
    item.dedupe_use = WindowUse{st.getColumn(17).getInt64(), st.getColumn(19).getString(), st.getColumn(20).getString(),
                                st.getColumn(18).getInt()};
    item.dedupe_expires_ms = st.getColumn(21).getInt64();
  }
  return item;
}
}  // namespace

std::vector<OutboxItem> Outbox::due(std::int64_t now_ms, std::size_t limit, const std::vector<std::string>& platforms) {
  Statement st(db_, std::string(item_columns) +
                                "WHERE o.state = 'pending' AND o.waiting_since IS NULL AND o.next_attempt_at <= ?1 "
                                "AND (?3 = ',' OR instr(?3, ',' || c.platform || ',') > 0) "
                                "ORDER BY o.next_attempt_at, o.id LIMIT ?2");
  st.bind(1, now_ms);
  st.bind(2, static_cast<std::int64_t>(limit));
  st.bind(3, platform_list(platforms));
  std::vector<OutboxItem> items;
  while (st.executeStep()) items.push_back(read_item(st));
  return items;
}

std::optional<std::int64_t> Outbox::next_due_ms(const std::vector<std::string>& platforms) {
  Statement st(db_,
                       "SELECT min(o.next_attempt_at) FROM outbox o JOIN messages m ON m.id = o.message_id "
                       "JOIN chats c ON c.id = m.chat_id WHERE o.state = 'pending' AND o.waiting_since IS NULL "
                       "AND (?1 = ',' OR instr(?1, ',' || c.platform || ',') > 0)");
  st.bind(1, platform_list(platforms));
  st.executeStep();
  if (st.getColumn(0).isNull()) return std::nullopt;
  return st.getColumn(0).getInt64();
}

void Outbox::mark_in_flight(const OutboxItem& item, std::int64_t now_ms, const std::optional<WindowUse>& dedupe_use,
                            int unknown_outcomes) {
  Statement st(db_,
               "UPDATE outbox SET in_flight_since = ?1, dedupe_window_id = ?2, dedupe_seq = ?3, unknown_outcomes = ?5 "
               "WHERE id = ?4");
  st.bind(1, now_ms);
  if (dedupe_use) {
    st.bind(2, dedupe_use->window_id);
    st.bind(3, dedupe_use->seq);
  }
  st.bind(4, item.id);
  st.bind(5, unknown_outcomes);
  st.exec();
}

void Outbox::set_unknown_outcomes(const OutboxItem& item, int unknown_outcomes) {
  Statement st(db_, "UPDATE outbox SET unknown_outcomes = ?, in_flight_since = NULL WHERE id = ?");
  st.bind(1, unknown_outcomes);
  st.bind(2, item.id);
  st.exec();
}

void Outbox::mark_sent(const OutboxItem& item, const std::string& platform_message_id, std::int64_t now_ms) {
  Statement st(db_,
                       "UPDATE outbox SET state = 'sent', attempts = attempts + 1, done_at = ?, last_error = NULL, "
               "failing_since = NULL, in_flight_since = NULL, dedupe_window_id = NULL, dedupe_seq = NULL "
                       "WHERE id = ?");
  st.bind(1, now_ms);
  st.bind(2, item.id);
  st.exec();
  Messages(db_).set_sent(item.message_id, platform_message_id, now_ms);
}

void Outbox::mark_part_sent(const OutboxItem& item, const std::string& platform_message_id, std::int64_t now_ms) {
  Statement st(db_, "UPDATE outbox SET parts_sent = parts_sent + 1, last_error = NULL, failing_since = NULL, "
               "in_flight_since = NULL, dedupe_window_id = NULL, dedupe_seq = NULL WHERE id = ?");
  st.bind(1, item.id);
  st.exec();
  Messages(db_).add_sent_part(item.message_id, item.message.chat.platform, platform_message_id);
  (void)now_ms;
}

void Outbox::mark_retry(const OutboxItem& item, std::int64_t retry_at_ms, const std::string& error,
                        std::int64_t now_ms, bool keep_dedupe) {
  Statement st(db_,
               "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?1, last_error = ?2, "
               "failing_since = COALESCE(failing_since, ?3), in_flight_since = NULL, "
               "dedupe_window_id = CASE WHEN ?5 THEN dedupe_window_id END, "
               "dedupe_seq = CASE WHEN ?5 THEN dedupe_seq END WHERE id = ?4");
  st.bind(1, retry_at_ms);
  st.bind(2, error);
  st.bind(3, now_ms);
  st.bind(4, item.id);
  st.bind(5, keep_dedupe ? 1 : 0);
  st.exec();
  // Only messages written after this one (the chat's index on messages(chat_id, id) keeps it short).
  Statement later(db_,
                  "UPDATE outbox SET next_attempt_at = max(next_attempt_at, ?1) WHERE state = 'pending' AND id > ?2 "
                  "AND message_id IN (SELECT id FROM messages WHERE chat_id = ?3 AND id > ?4)");
  later.bind(1, retry_at_ms);
  later.bind(2, item.id);
  later.bind(3, item.chat_row_id);
  later.bind(4, item.message_id);
  later.exec();
}

void Outbox::mark_failed(const OutboxItem& item, const std::string& error, std::int64_t now_ms) {
  Statement st(db_,
                       "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, done_at = ?, "
               "in_flight_since = NULL, dedupe_window_id = NULL, dedupe_seq = NULL "
                       "WHERE id = ?");
  st.bind(1, error);
  st.bind(2, now_ms);
  st.bind(3, item.id);
  st.exec();
}

void Outbox::mark_waiting(const OutboxItem& item, std::int64_t now_ms) {
  Statement st(db_, "UPDATE outbox SET waiting_since = COALESCE(waiting_since, ?) WHERE id = ?");
  st.bind(1, now_ms);
  st.bind(2, item.id);
  st.exec();
}

void Outbox::release_waiting(std::int64_t chat_row_id, std::int64_t now_ms) {
  Statement st(db_,
                       "UPDATE outbox SET waiting_since = NULL, next_attempt_at = min(next_attempt_at, ?1) "
                       "WHERE state = 'pending' AND waiting_since IS NOT NULL AND EXISTS "
                       "(SELECT 1 FROM messages m WHERE m.id = outbox.message_id AND m.chat_id = ?2)");
  st.bind(1, now_ms);
  st.bind(2, chat_row_id);
  st.exec();
}

std::vector<OutboxItem> Outbox::expire_waiting(std::int64_t older_than_ms, const std::string& error,
                                               std::int64_t now_ms) {
  Statement st(db_, std::string(item_columns) +
                                "WHERE o.state = 'pending' AND o.waiting_since IS NOT NULL AND o.created_at < ? "
                                "ORDER BY o.id");
  st.bind(1, older_than_ms);
  std::vector<OutboxItem> items;
  while (st.executeStep()) items.push_back(read_item(st));
  for (const auto& item : items) mark_failed(item, error, now_ms);
  return items;
}

std::vector<OutboxListing> Outbox::list(const std::string& state, std::size_t limit) {
  Statement st(db_,
               "SELECT o.id, o.state, c.platform, c.platform_chat_id, o.last_error, m.text, o.attempts, o.created_at, "
               "o.next_attempt_at, o.waiting_since IS NOT NULL FROM outbox o JOIN messages m ON m.id = o.message_id "
               "JOIN chats c ON c.id = m.chat_id WHERE o.state IN ('pending', 'failed') AND (?1 = '' OR o.state = ?1) "
               "ORDER BY o.id LIMIT ?2");
  st.bind(1, state);
  st.bind(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxListing> rows;
  while (st.executeStep()) {
    OutboxListing row;
    row.id = st.getColumn(0).getInt64();
    row.state = st.getColumn(1).getString();
    row.chat = core::qualified_id(st.getColumn(2).getString(), st.getColumn(3).getString());
    row.last_error = st.getColumn(4).getString();
    row.text = st.getColumn(5).getString();
    row.attempts = st.getColumn(6).getInt();
    row.created_at_ms = st.getColumn(7).getInt64();
    if (row.state == "pending") row.next_attempt_at_ms = st.getColumn(8).getInt64();
    row.waiting = st.getColumn(9).getInt() != 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

bool Outbox::retry(std::int64_t id, std::int64_t now_ms) { return retry_rows(id, now_ms) > 0; }

int Outbox::retry_failed(std::int64_t now_ms) { return retry_rows(std::nullopt, now_ms); }

int Outbox::retry_rows(std::optional<std::int64_t> id, std::int64_t now_ms) {
  // One row (pending or failed) by id, or every failed row: pending, due now, counts and clocks reset.
  Statement st(db_,
               "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?1, failing_since = NULL, "
               "waiting_since = NULL, done_at = NULL, unknown_outcomes = 0, in_flight_since = NULL "
               "WHERE CASE WHEN ?2 IS NULL THEN state = 'failed' ELSE id = ?2 AND state IN ('pending', 'failed') END");
  st.bind(1, now_ms);
  if (id) st.bind(2, *id);
  return st.exec();
}

OutboxCounts Outbox::counts() {
  OutboxCounts counts;
  Statement st(db_, "SELECT state, count(*) FROM outbox GROUP BY state");
  while (st.executeStep()) {
    const std::string state = st.getColumn(0).getString();
    const std::int64_t n = st.getColumn(1).getInt64();
    if (state == "pending") counts.pending = n;
    else if (state == "sent") counts.sent = n;
    else if (state == "failed") counts.failed = n;
  }
  Statement waiting(db_, "SELECT count(*) FROM outbox WHERE state = 'pending' AND waiting_since IS NOT NULL");
  waiting.executeStep();
  counts.waiting = waiting.getColumn(0).getInt64();
  return counts;
}

}  // namespace jiaxiao::store
