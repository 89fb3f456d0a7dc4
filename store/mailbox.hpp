#pragma once
// The parents' mailbox (家长信箱): letters kept with their writer only to route the school's reply back,
// and the replies.

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <vector>

#include <cstdint>
#include <optional>
#include <string>

namespace jiaxiao::store {

/// A letter as the school may see it: never its writer.
struct LetterRow {
  std::int64_t id = 0;
  std::int64_t at_ms = 0;
  std::string text;
  std::vector<std::string> answers;  // the school's replies, oldest first
};

/// Repository of mailbox letters and replies (one connection; no transactions of its own).
class Mailbox {
 public:
  explicit Mailbox(SQLite::Database& db) : db_(db) {}
  /// Stores a letter; returns its number.
  std::int64_t add_letter(std::int64_t member_id, const std::string& text, std::int64_t now_ms);
  /// Who wrote letter `number` (member id); nullopt when there is no such letter.
  std::optional<std::int64_t> writer_of(std::int64_t number);
  /// Stores a reply to letter `number` by `member_id`.
  void add_reply(std::int64_t number, std::int64_t member_id, const std::string& text, std::int64_t now_ms);
  /// Every letter written in [from_ms, to_ms) (unset: no bound), oldest first, with its replies.
  std::vector<LetterRow> letters(std::optional<std::int64_t> from_ms, std::optional<std::int64_t> to_ms);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
