#pragma once
// Meetings (家长会, 开放日, 家委会会议), their RSVPs per student and their minutes.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct MeetingRow {
  std::int64_t number = 0;  // the thread #N
  std::int64_t class_id = 0;
  std::string class_name, kind, place, topic;
  std::int64_t at = 0;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> cancelled_at;
};

/// A student's answer: 参加 (with how many people) or 请假 (with a reason).
struct RsvpRow {
  std::int64_t student_id = 0, member_id = 0;
  std::string answer;
  int people = 1;
  std::string note;
  std::int64_t at = 0;
};

struct MinutesRow {
  std::int64_t member_id = 0;
  std::string text;
  std::int64_t at = 0;
};

/// Repository of meetings (one connection; no transactions of its own).
class Meetings {
 public:
  explicit Meetings(SQLite::Database& db) : db_(db) {}

  void create(const MeetingRow& meeting);
  std::optional<MeetingRow> find(std::int64_t number);
  /// The class's meetings not cancelled and not yet begun (`at` after `now_ms`), soonest first.
  std::vector<MeetingRow> upcoming(std::int64_t class_id, std::int64_t now_ms);
  /// The class's newest meeting, by number.
  std::optional<MeetingRow> newest(std::int64_t class_id);
  /// Records a student's answer; a later answer (from any guardian) replaces the earlier.
  void answer(std::int64_t meeting, const RsvpRow& rsvp);
  std::vector<RsvpRow> answers(std::int64_t meeting);
  /// A committee member's answer to a 家委会会议 (student_id 0, people 1); the latest replaces.
  void committee_answer(std::int64_t meeting, const RsvpRow& rsvp);
  /// Every committee member's answer to a 家委会会议, earliest first.
  std::vector<RsvpRow> committee_answers(std::int64_t meeting);
  void add_minutes(std::int64_t meeting, std::int64_t member_id, const std::string& text, std::int64_t now_ms);
  std::vector<MinutesRow> minutes(std::int64_t meeting);
  /// Every meeting, oldest first, in one class or (empty) all.
  std::vector<MeetingRow> all(std::optional<std::int64_t> class_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
