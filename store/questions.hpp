#pragma once
// 家长提问: a parent's question about a letter (or another item), kept with the student and relation and
// passed to the item's creator in private (SPEC §2.1 rule 6); shown only in private chats and pages.
// And the hints the bot gave a member about a reply that counted for nothing, so each is given once.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

/// One question of a parent about item #thread.
struct QuestionRow {
  std::int64_t thread = 0;
  std::optional<std::int64_t> student_id;  // the student it is about; none when the sender has no ward there
  std::int64_t member_id = 0;
  std::string relation;  // 妈妈, 爷爷…: how the sender is the student's guardian
  std::optional<std::int64_t> message_id;
  std::string text;  // as typed
  std::int64_t at = 0;
};

/// Repository of questions and hints (one connection; no transactions of its own).
class Questions {
 public:
  explicit Questions(SQLite::Database& db) : db_(db) {}

  void add(const QuestionRow& question);
  /// Every question about item #thread, earliest first.
  std::vector<QuestionRow> about(std::int64_t thread);
  /// Whether `member_id` was already given the hint named `topic` ("bind:3"); marks it when not.
  bool take_hint(std::int64_t member_id, const std::string& topic);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
