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

}  // namespace jiaxiao::store
