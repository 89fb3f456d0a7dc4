#pragma once
// Binding requests (SPEC §1.1, `roster.binding: approve`): a member's /绑定 waits as a request until a
// teacher of the class approves or rejects it; until then the member answers for no one.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct BindingRequest {
  std::int64_t id = 0;  // the number teachers type: /同意 <id>
  std::int64_t class_id = 0, student_id = 0, member_id = 0;
  std::string relation;
  std::string state;  // pending, approved, rejected
  std::int64_t requested_at = 0;
  std::optional<std::int64_t> decided_at, decided_by;
};

/// Repository of binding requests (one connection; no transactions of its own).
class BindingRequests {
 public:
  explicit BindingRequests(SQLite::Database& db) : db_(db) {}

  /// A new pending request; returns its id.
  std::int64_t create(std::int64_t class_id, std::int64_t student_id, std::int64_t member_id, const std::string& relation,
                      std::int64_t now_ms);
  std::optional<BindingRequest> find(std::int64_t id);
  /// The member's pending request for the student, if any.
  std::optional<BindingRequest> pending_for(std::int64_t member_id, std::int64_t student_id);
  /// Whether the member has any pending request.
  bool has_pending(std::int64_t member_id);
  /// The class's pending requests, oldest first.
  std::vector<BindingRequest> pending(std::int64_t class_id);
  /// Decides a pending request (`approved` or `rejected`); false when it was not pending.
  bool decide(std::int64_t id, const std::string& state, std::int64_t by_member, std::int64_t now_ms);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
