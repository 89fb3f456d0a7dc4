#include "store/migrations.hpp"

namespace jiaxiao::store {

// Times are Unix milliseconds (UTC). Chats and members are keyed by their platform ids.
// The dedupe key of incoming messages is (platform, platform_message_id).
const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> list = {
      // 1: groups, people, every message in and out, the outbox.
      R"sql(
CREATE TABLE classes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('group', 'private')),
  platform_chat_id TEXT NOT NULL,
  class_id INTEGER REFERENCES classes(id),
  first_seen_at INTEGER NOT NULL,
  UNIQUE (platform, kind, platform_chat_id)
);
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  UNIQUE (platform, platform_user_id)
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  platform TEXT NOT NULL,
  chat_id INTEGER NOT NULL REFERENCES chats(id),
  member_id INTEGER REFERENCES members(id),
  text TEXT NOT NULL,
  mentions TEXT NOT NULL DEFAULT '',
  mentions_bot INTEGER NOT NULL DEFAULT 0,
  reply_to TEXT,
  thread INTEGER,
  platform_message_id TEXT,
  sent_at INTEGER,
  received_at INTEGER NOT NULL,
  processed_at INTEGER
);
CREATE UNIQUE INDEX messages_dedupe ON messages(platform, platform_message_id) WHERE direction = 'in';
CREATE INDEX messages_unprocessed ON messages(id) WHERE direction = 'in' AND processed_at IS NULL;
CREATE INDEX messages_thread ON messages(thread) WHERE thread IS NOT NULL;
CREATE INDEX messages_chat ON messages(chat_id, id);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'pending';
)sql",
  };
  return list;
}

}  // namespace jiaxiao::store
