#pragma once
// #N threads: every notice, meeting, poll, sign-up and reminder has one; replies and exports name it.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

struct ThreadRow {
  std::int64_t number = 0;
  std::string kind;  // reminder, notice, meeting, poll, signup
  std::optional<std::int64_t> class_id;
  std::optional<core::ChatRef> chat;       // where it was created
  std::optional<std::int64_t> created_by;  // member id
  std::string title;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> cancelled_at;
};

/// Repository of threads (one connection; no transactions of its own).
class Threads {
 public:
  explicit Threads(SQLite::Database& db) : db_(db) {}
  /// A new #N.
  std::int64_t create(const ThreadRow& thread, std::int64_t now_ms);
  std::optional<ThreadRow> find(std::int64_t number);
  /// Marks it cancelled; false when it already was (or does not exist).
  bool cancel(std::int64_t number, std::int64_t now_ms);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
