#pragma once
// The outbox: every outgoing message is a row here (and in messages) before anything is sent.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/message.hpp"
#include "store/reply_windows.hpp"

namespace jiaxiao::store {

/// A pending outgoing message with its delivery state.
struct OutboxItem {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  core::OutgoingMessage message;
  int attempts = 0;
  int parts_sent = 0;  // of a long text split for the platform
  std::int64_t chat_row_id = 0;
  std::string push_key;  // the chat's push credential (a WeCom group robot's webhook key); empty: none
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> failing_since_ms;  // the first failed attempt of the current run of failures
  std::optional<std::int64_t> in_flight_since_ms;  // set: a send was under way when the service stopped
  int unknown_outcomes = 0;                        // sends whose outcome never came back
  std::optional<WindowUse> dedupe_use;             // the window use a dedupable retry must repeat
  std::optional<std::int64_t> dedupe_expires_ms;   // when that window closes
};

/// One row as `jiaxiao outbox list` shows it.
struct OutboxListing {
  std::int64_t id = 0;
  std::string state, chat, last_error, text;  // chat: PLATFORM:ID; text: as stored
  int attempts = 0;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> next_attempt_at_ms;  // pending rows
  bool waiting = false;                            // pending, held for a reply window or a push key
};

/// Counts by state, for /metrics and the CLI.
struct OutboxCounts {
  std::int64_t pending = 0, sent = 0, failed = 0;
  std::int64_t waiting = 0;  // of `pending`: held until a reply window or a push key appears
};

/// Repository of the outbox over one connection (not thread-safe; no transactions of its own).
class Outbox {
 public:
  explicit Outbox(SQLite::Database& db) : db_(db) {}

  /// Writes the message (direction out) and its pending outbox row, first due at `not_before_ms`
  /// (default: now); returns the outbox id.
  std::int64_t enqueue(const core::OutgoingMessage& message, std::int64_t now_ms,
                       std::optional<std::int64_t> not_before_ms = std::nullopt);
  /// Pending rows due at `now_ms`, oldest first; only of `platforms` when that list is not empty.
  std::vector<OutboxItem> due(std::int64_t now_ms, std::size_t limit, const std::vector<std::string>& platforms = {});
  /// When the earliest pending row (of `platforms`, when not empty) falls due; nullopt when none.
  std::optional<std::int64_t> next_due_ms(const std::vector<std::string>& platforms = {});
  /// A send is about to start: marked in flight (and, for a send the platform dedupes, its window use
  /// kept for a retry), so that a restart knows the outcome is unknown; `unknown_outcomes` so far is kept
  /// with it (a restart that found it in flight has counted one more).
  void mark_in_flight(const OutboxItem& item, std::int64_t now_ms, const std::optional<WindowUse>& dedupe_use,
                      int unknown_outcomes);
  /// The number of unknown outcomes so far; the in-flight mark cleared.
  void set_unknown_outcomes(const OutboxItem& item, int unknown_outcomes);
  /// Delivered: keeps the platform's message id on the message.
  void mark_sent(const OutboxItem& item, const std::string& platform_message_id, std::int64_t now_ms);
  /// One more part of a split text went out; the row stays pending for the next.
  void mark_part_sent(const OutboxItem& item, const std::string& platform_message_id, std::int64_t now_ms);
  /// A failed attempt to be retried at `retry_at_ms`.
  /// Back-off until `retry_at_ms`; the chat's later pending messages wait at least as long, so that a
  /// chat gets its messages in the order they were written however the retries fall.
  /// The first failure of a run sets `failing_since` (outbox.give_up_after counts from there).
  /// `keep_dedupe`: the kept window use stays for the retry (after an unknown outcome), else it is dropped.
  void mark_retry(const OutboxItem& item, std::int64_t retry_at_ms, const std::string& error, std::int64_t now_ms,
                  bool keep_dedupe = false);
  /// Given up: no more attempts.
  void mark_failed(const OutboxItem& item, const std::string& error, std::int64_t now_ms);
  /// No way to send it now (no reply window, no push key): it leaves the due rows until release_waiting.
  void mark_waiting(const OutboxItem& item, std::int64_t now_ms);
  /// Rows of the chat that wait for a way out become due now (a window opened, a key was linked).
  void release_waiting(std::int64_t chat_row_id, std::int64_t now_ms);
  /// Rows that waited since before `older_than_ms`: given up as failed with `error`; returns them.
  std::vector<OutboxItem> expire_waiting(std::int64_t older_than_ms, const std::string& error, std::int64_t now_ms);
  OutboxCounts counts();
  /// Rows in `state` ("pending", "failed"; empty: both), oldest first, at most `limit`.
  std::vector<OutboxListing> list(const std::string& state, std::size_t limit);
  /// Sends a failed or pending row again: pending, due now, attempts and failure clock reset. False when
  /// there is no such row or it was sent already.
  bool retry(std::int64_t id, std::int64_t now_ms);
  /// retry() for every failed row; returns how many.
  int retry_failed(std::int64_t now_ms);

 private:
  /// retry() of one row, or of every failed row when `id` is nullopt; returns how many.
  int retry_rows(std::optional<std::int64_t> id, std::int64_t now_ms);
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
