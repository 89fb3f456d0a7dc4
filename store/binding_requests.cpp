#include "store/binding_requests.hpp"

#include "store/statement.hpp"

namespace jiaxiao::store {

namespace {

constexpr const char* request_select =
    "SELECT id, class_id, student_id, member_id, relation, state, requested_at, decided_at, decided_by FROM binding_requests ";

std::vector<BindingRequest> read_requests(SQLite::Statement& st) {
  std::vector<BindingRequest> out;
  while (st.executeStep()) {
    BindingRequest r;
    r.id = st.getColumn(0).getInt64();
    r.class_id = st.getColumn(1).getInt64();
    r.student_id = st.getColumn(2).getInt64();
    r.member_id = st.getColumn(3).getInt64();
    r.relation = st.getColumn(4).getString();
    r.state = st.getColumn(5).getString();
    r.requested_at = st.getColumn(6).getInt64();
    if (!st.getColumn(7).isNull()) r.decided_at = st.getColumn(7).getInt64();
    if (!st.getColumn(8).isNull()) r.decided_by = st.getColumn(8).getInt64();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::int64_t BindingRequests::create(std::int64_t class_id, std::int64_t student_id, std::int64_t member_id,
                                     const std::string& relation, std::int64_t now_ms) {
  Statement st(db_,
               "INSERT INTO binding_requests (class_id, student_id, member_id, relation, state, requested_at) "
               "VALUES (?, ?, ?, ?, 'pending', ?)");
  st.bind(1, class_id);
  st.bind(2, student_id);
  st.bind(3, member_id);
  st.bind(4, relation);
  st.bind(5, now_ms);
  st.exec();
  return db_.getLastInsertRowid();
}

std::optional<BindingRequest> BindingRequests::find(std::int64_t id) {
  Statement st(db_, std::string(request_select) + "WHERE id = ?");
  st.bind(1, id);
  auto rows = read_requests(st);
  return rows.empty() ? std::nullopt : std::optional(rows.front());
}

std::optional<BindingRequest> BindingRequests::pending_for(std::int64_t member_id, std::int64_t student_id) {
  Statement st(db_, std::string(request_select) + "WHERE member_id = ? AND student_id = ? AND state = 'pending'");
  st.bind(1, member_id);
  st.bind(2, student_id);
  auto rows = read_requests(st);
  return rows.empty() ? std::nullopt : std::optional(rows.front());
}

bool BindingRequests::has_pending(std::int64_t member_id) {
  Statement st(db_, "SELECT 1 FROM binding_requests WHERE member_id = ? AND state = 'pending' LIMIT 1");
  st.bind(1, member_id);
  return st.executeStep();
}

std::vector<BindingRequest> BindingRequests::pending(std::int64_t class_id) {
  Statement st(db_, std::string(request_select) + "WHERE class_id = ? AND state = 'pending' ORDER BY id");
  st.bind(1, class_id);
  return read_requests(st);
}

bool BindingRequests::decide(std::int64_t id, const std::string& state, std::int64_t by_member, std::int64_t now_ms) {
  Statement st(db_, "UPDATE binding_requests SET state = ?, decided_at = ?, decided_by = ? WHERE id = ? AND state = 'pending'");
  st.bind(1, state);
  st.bind(2, now_ms);
  st.bind(3, by_member);
  st.bind(4, id);
  return st.exec() > 0;
}

}  // namespace jiaxiao::store
