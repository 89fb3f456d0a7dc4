#pragma once
// Letters to parents (告家长书) and their acknowledgements. Acks are per (notice, student, guardian):
// a second guardian's 收到 is kept as theirs, but a student counts once.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct NoticeRow {
  std::int64_t number = 0;  // the thread #N
  std::int64_t class_id = 0;
  std::string class_name;
  std::string title, body;
  std::optional<std::string> template_name;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0, deadline_at = 0;
  int reminders_sent = 0;
  std::optional<std::int64_t> last_reminded_at, closed_at, cancelled_at;

  bool open() const { return !closed_at && !cancelled_at; }
};

/// One guardian's acknowledgement of a notice for one student.
struct AckRow {
  std::int64_t student_id = 0, member_id = 0;
  std::string relation, comment;
  std::int64_t at = 0;
};

/// Repository of notices and acks (one connection; no transactions of its own).
class Notices {
 public:
  explicit Notices(SQLite::Database& db) : db_(db) {}

  void create(const NoticeRow& notice);
  std::optional<NoticeRow> find(std::int64_t number);
  /// The class's newest notice, open or not.
  std::optional<NoticeRow> newest(std::int64_t class_id);
  /// The class's open notices (not closed, not cancelled), newest first.
  std::vector<NoticeRow> open_for_class(std::int64_t class_id);
  /// Records a guardian's ack for a student; returns true when it is the student's first (it counts).
  /// Acking again (same guardian, same student) keeps the first one.
  bool ack(std::int64_t notice, std::int64_t student_id, std::int64_t member_id, const std::string& relation,
           std::optional<std::int64_t> message_id, const std::string& comment, std::int64_t now_ms);
  bool acked(std::int64_t notice, std::int64_t student_id);
  /// Every ack, earliest first.
  std::vector<AckRow> acks(std::int64_t notice);
  /// A reminder went out (`counted`: an automatic one, counted against notice.max_reminders).
  void mark_reminded(std::int64_t notice, std::int64_t now_ms, bool counted);
  void close(std::int64_t notice, std::int64_t now_ms);
  /// Every notice, oldest first, in one class or (empty) all.
  std::vector<NoticeRow> all(std::optional<std::int64_t> class_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
