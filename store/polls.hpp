#pragma once
// Polls (投票) with one ballot per student.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct PollRow {
  std::int64_t number = 0, class_id = 0;
  std::string class_name, question;
  std::vector<std::string> options;
  bool anonymous = false, multi = false;
  std::optional<std::int64_t> deadline_at, closed_at, cancelled_at, created_by;
  std::int64_t created_at = 0;
  bool open() const { return !closed_at && !cancelled_at; }
};

struct VoteRow {
  std::int64_t student_id = 0, member_id = 0;
  std::vector<int> choices;  // 1-based option numbers
  std::int64_t at = 0;
};

/// Repository of polls (one connection; no transactions of its own).
class Polls {
 public:
  explicit Polls(SQLite::Database& db) : db_(db) {}
  void create(const PollRow& poll);
  std::optional<PollRow> find(std::int64_t number);
  std::vector<PollRow> open_for_class(std::int64_t class_id);
  std::optional<PollRow> newest(std::int64_t class_id);
  /// One ballot per student: a later one replaces the earlier.
  void vote(std::int64_t poll, const VoteRow& vote);
  std::vector<VoteRow> votes(std::int64_t poll);
  void close(std::int64_t poll, std::int64_t now_ms);
  std::vector<PollRow> all(std::optional<std::int64_t> class_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
