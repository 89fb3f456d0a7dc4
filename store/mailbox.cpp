#include "store/mailbox.hpp"

#include "store/statement.hpp"

namespace jiaxiao::store {

std::int64_t Mailbox::add_letter(std::int64_t member_id, const std::string& text, std::int64_t now_ms) {
  Statement st(db_, "INSERT INTO mailbox (member_id, text, at) VALUES (?, ?, ?)");
  st.bind(1, member_id);
  st.bind(2, text);
  st.bind(3, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

std::optional<std::int64_t> Mailbox::writer_of(std::int64_t number) {
  Statement letter(db_, "SELECT member_id FROM mailbox WHERE id = ?");
  letter.bind(1, number);
  if (!letter.executeStep()) return std::nullopt;
  return letter.getColumn(0).getInt64();
}

void Mailbox::add_reply(std::int64_t number, std::int64_t member_id, const std::string& text, std::int64_t now_ms) {
  Statement st(db_, "INSERT INTO mailbox_replies (letter, member_id, text, at) VALUES (?, ?, ?, ?)");
  st.bind(1, number);
  st.bind(2, member_id);
  st.bind(3, text);
  st.bind(4, now_ms);
  st.exec();
}

std::vector<LetterRow> Mailbox::letters(std::optional<std::int64_t> from_ms, std::optional<std::int64_t> to_ms) {
  Statement st(db_,
               "SELECT l.id, l.at, l.text, r.text FROM mailbox l LEFT JOIN mailbox_replies r ON r.letter = l.id "
               "WHERE (?1 IS NULL OR l.at >= ?1) AND (?2 IS NULL OR l.at < ?2) ORDER BY l.id, r.id");
  if (from_ms) st.bind(1, *from_ms);
  if (to_ms) st.bind(2, *to_ms);
  std::vector<LetterRow> out;
  while (st.executeStep()) {
    const std::int64_t id = st.getColumn(0).getInt64();
    if (out.empty() || out.back().id != id) out.push_back({id, st.getColumn(1).getInt64(), st.getColumn(2).getString(), {}});
    if (!st.getColumn(3).isNull()) out.back().answers.push_back(st.getColumn(3).getString());
  }
  return out;
}

}  // namespace jiaxiao::store
