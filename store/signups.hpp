#pragma once
// Sign-up lists (接龙) with one entry per member.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct SignupRow {
  std::int64_t number = 0, class_id = 0;
  std::string class_name, title;
  std::optional<int> capacity;
  std::optional<std::int64_t> deadline_at, closed_at, cancelled_at, last_posted_at, created_by;
  bool list_due = false;  // a list post is scheduled
  std::int64_t created_at = 0;
  bool open() const { return !closed_at && !cancelled_at; }
};

struct SignupEntry {
  std::int64_t member_id = 0;
  std::string label, note;  // label: how the list shows the person (e.g. 张小明妈妈)
  std::int64_t at = 0;
};

/// Repository of sign-up lists (one connection; no transactions of its own).
class Signups {
 public:
  explicit Signups(SQLite::Database& db) : db_(db) {}
  void create(const SignupRow& signup);
  std::optional<SignupRow> find(std::int64_t number);
  std::vector<SignupRow> open_for_class(std::int64_t class_id);
  /// Adds (or updates the note of) a member's entry; false when it was already there.
  bool join(std::int64_t signup, const SignupEntry& entry);
  bool leave(std::int64_t signup, std::int64_t member_id);
  std::vector<SignupEntry> entries(std::int64_t signup);
  void set_list_due(std::int64_t signup, bool due);
  void mark_posted(std::int64_t signup, std::int64_t now_ms);
  void close(std::int64_t signup, std::int64_t now_ms);
  std::vector<SignupRow> all(std::optional<std::int64_t> class_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
