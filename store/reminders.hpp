#pragma once
// Durable reminders: each reminder is a row before any timer is armed, and changes state once
// (pending → done | cancelled | missed).

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

struct ReminderRow {
  std::int64_t id = 0;
  std::optional<std::int64_t> thread;
  std::string kind;  // "custom" for /提醒; the features add theirs
  std::int64_t due_at = 0;
  std::string state = "pending";
  std::optional<core::ChatRef> chat;     // where it posts, for kinds that post to one chat
  std::string text;
  std::optional<std::int64_t> event_at;  // when what it reminds of happens; due after that: missed
};

/// Repository of reminders (one connection; no transactions of its own).
class Reminders {
 public:
  explicit Reminders(SQLite::Database& db) : db_(db) {}
  std::int64_t add(const ReminderRow& reminder, std::int64_t now_ms);
  std::optional<ReminderRow> find(std::int64_t id);
  /// When the earliest pending reminder falls due (one indexed row: memory does not grow with the count).
  std::optional<std::int64_t> next_due_ms();
  /// Pending reminders due at `now_ms`, earliest first, at most `limit`.
  std::vector<ReminderRow> due(std::int64_t now_ms, std::size_t limit);
  /// pending → `state` ("done", "missed"); false when it was not pending (it fires once).
  bool finish(std::int64_t id, const std::string& state, std::int64_t now_ms);
  /// Cancels the thread's pending reminders; returns how many.
  int cancel_thread(std::int64_t thread);
  std::int64_t pending_count();

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
