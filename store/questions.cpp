#include "store/questions.hpp"

#include "store/statement.hpp"

namespace jiaxiao::store {

void Questions::add(const QuestionRow& q) {
  Statement st(db_,
               "INSERT INTO questions (thread, student_id, member_id, relation, message_id, text, at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, q.thread);
  if (q.student_id) st.bind(2, *q.student_id);
  st.bind(3, q.member_id);
  st.bind(4, q.relation);
  if (q.message_id) st.bind(5, *q.message_id);
  st.bind(6, q.text);
  st.bind(7, q.at);
  st.exec();
}

std::vector<QuestionRow> Questions::about(std::int64_t thread) {
  Statement st(db_,
               "SELECT thread, student_id, member_id, relation, message_id, text, at FROM questions WHERE thread = ? "
               "ORDER BY at, id");
  st.bind(1, thread);
  std::vector<QuestionRow> out;
  while (st.executeStep()) {
    QuestionRow q;
    q.thread = st.getColumn(0).getInt64();
    if (!st.getColumn(1).isNull()) q.student_id = st.getColumn(1).getInt64();
    q.member_id = st.getColumn(2).getInt64();
    q.relation = st.getColumn(3).getString();
    if (!st.getColumn(4).isNull()) q.message_id = st.getColumn(4).getInt64();
    q.text = st.getColumn(5).getString();
    q.at = st.getColumn(6).getInt64();
    out.push_back(std::move(q));
  }
  return out;
}

bool Questions::take_hint(std::int64_t member_id, const std::string& topic) {
  Statement st(db_, "INSERT INTO reply_hints (member_id, topic) VALUES (?, ?) ON CONFLICT DO NOTHING");
  st.bind(1, member_id);
  st.bind(2, topic);
  return st.exec() > 0;
}

}  // namespace jiaxiao::store
