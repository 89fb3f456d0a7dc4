#pragma once
// Every message in and out (the chats and members they involve have repositories of their own:
// store/chats.hpp, store/members.hpp).

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

/// The outcome of storing an incoming message.
struct IngestResult {
  std::int64_t message_id = 0;
  bool duplicate = false;  // already stored: a platform retry; not to be acted on again
};

/// One row of `export messages` (SPEC §5), times in Unix ms.
struct MessageRow {
  std::int64_t id = 0;
  std::string platform, group, sender, direction, text, platform_message_id;
  std::optional<std::int64_t> thread;
  std::int64_t at_ms = 0;
};

/// Filters of `export messages`; unset members do not filter.
struct MessageFilter {
  std::optional<std::int64_t> thread = std::nullopt;
  std::optional<std::int64_t> from_ms = std::nullopt;
  std::optional<std::int64_t> to_ms = std::nullopt;
  std::optional<std::string> class_name = std::nullopt;
  bool include_private = false;  // private chats too (`export messages --private`); sealed messages never
};

/// Repository of messages over one connection (not thread-safe).
/// Writes do not open transactions: the caller groups them (group commit, handler + outbox).
class Messages {
 public:
  explicit Messages(SQLite::Database& db) : db_(db) {}

  /// Stores an incoming message once per (platform, platform message id).
  IngestResult insert_incoming(const core::IncomingMessage& message, std::int64_t now_ms);
  /// Stores an outgoing message (not yet sent); returns its id.
  std::int64_t insert_outgoing(const core::OutgoingMessage& message, std::int64_t now_ms);
  /// Records the platform's id and time for a sent outgoing message.
  void set_sent(std::int64_t message_id, const std::string& platform_message_id, std::int64_t now_ms);
  /// The #N of the bot's message with this platform id (a quoted message); nullopt if none.
  std::optional<std::int64_t> thread_of_sent(const std::string& platform, const std::string& platform_message_id);
  /// Marks an incoming message as acted on (set in the transaction of its handler's writes) and ties
  /// it to the #N `thread` its handler found, if any. Nothing else: releasing what waits for the reply
  /// window it opened is the router's rule.
  void mark_processed(std::int64_t message_id, std::int64_t now_ms, std::optional<std::int64_t> thread = std::nullopt);
  /// Incoming messages stored but not yet acted on (after a crash), oldest first.
  std::vector<std::int64_t> unprocessed(std::size_t limit);
  /// An incoming message as it was stored; nullopt when there is no such incoming message.
  std::optional<core::IncomingMessage> load_incoming(std::int64_t message_id);
  /// Number of messages stored, by direction ("in" / "out"; 0 for anything else), from indexes only.
  std::int64_t count(const std::string& direction);
  /// Rows for `export messages`, oldest first.
  std::vector<MessageRow> export_rows(const MessageFilter& filter);
  /// Keeps the platform id of one part of a message that went out in parts (every part but the last,
  /// whose id set_sent keeps); thread_of_sent finds the message by any of them.
  void add_sent_part(std::int64_t message_id, const std::string& platform, const std::string& platform_message_id);
  /// Keeps message `message_id` out of every export (a mailbox letter: its chat and sender name the writer).
  void seal(std::int64_t message_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
