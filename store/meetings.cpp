#include "store/statement.hpp"
#include "store/meetings.hpp"

namespace jiaxiao::store {

namespace {
constexpr const char* meeting_select =
    "SELECT m.thread, m.class_id, k.name, m.kind, m.place, m.topic, m.at, m.created_by, m.created_at, t.cancelled_at "
    "FROM meetings m JOIN classes k ON k.id = m.class_id JOIN threads t ON t.number = m.thread ";

MeetingRow read_meeting(SQLite::Statement& st) {
  MeetingRow m;
  m.number = st.getColumn(0).getInt64();
  m.class_id = st.getColumn(1).getInt64();
  m.class_name = st.getColumn(2).getString();
  m.kind = st.getColumn(3).getString();
  m.place = st.getColumn(4).getString();
  m.topic = st.getColumn(5).getString();
  m.at = st.getColumn(6).getInt64();
  if (!st.getColumn(7).isNull()) m.created_by = st.getColumn(7).getInt64();
  m.created_at = st.getColumn(8).getInt64();
  if (!st.getColumn(9).isNull()) m.cancelled_at = st.getColumn(9).getInt64();
  return m;
}
}  // namespace

void Meetings::create(const MeetingRow& m) {
  Statement st(db_,
                       "INSERT INTO meetings (thread, class_id, kind, at, place, topic, created_by, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, m.number);
  st.bind(2, m.class_id);
  st.bind(3, m.kind);
  st.bind(4, m.at);
  st.bind(5, m.place);
  st.bind(6, m.topic);
  if (m.created_by) st.bind(7, *m.created_by);
  st.bind(8, m.created_at);
  st.exec();
}

std::optional<MeetingRow> Meetings::find(std::int64_t number) {
  Statement st(db_, std::string(meeting_select) + "WHERE m.thread = ?");
  st.bind(1, number);
  if (!st.executeStep()) return std::nullopt;
  return read_meeting(st);
}

std::vector<MeetingRow> Meetings::upcoming(std::int64_t class_id, std::int64_t now_ms) {
  Statement st(db_, std::string(meeting_select) +
                                "WHERE m.class_id = ? AND m.at > ? AND t.cancelled_at IS NULL ORDER BY m.at, m.thread");
  st.bind(1, class_id);
  st.bind(2, now_ms);
  std::vector<MeetingRow> out;
  while (st.executeStep()) out.push_back(read_meeting(st));
  return out;
}

std::optional<MeetingRow> Meetings::newest(std::int64_t class_id) {
  Statement st(db_, std::string(meeting_select) + "WHERE m.class_id = ? ORDER BY m.thread DESC LIMIT 1");
  st.bind(1, class_id);
  if (!st.executeStep()) return std::nullopt;
  return read_meeting(st);
}

void Meetings::answer(std::int64_t meeting, const RsvpRow& r) {
  Statement st(db_,
                       "INSERT INTO rsvps (meeting, student_id, member_id, answer, people, note, at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting, student_id) DO UPDATE SET "
                       "member_id = excluded.member_id, answer = excluded.answer, people = excluded.people, "
                       "note = excluded.note, at = excluded.at");
  st.bind(1, meeting);
  st.bind(2, r.student_id);
  st.bind(3, r.member_id);
  st.bind(4, r.answer);
  st.bind(5, r.people);
  st.bind(6, r.note);
  st.bind(7, r.at);
  st.exec();
}

std::vector<RsvpRow> Meetings::answers(std::int64_t meeting) {
  Statement st(db_,
                       "SELECT student_id, member_id, answer, people, note, at FROM rsvps WHERE meeting = ? "
                       "ORDER BY at, student_id");
  st.bind(1, meeting);
  std::vector<RsvpRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
                   st.getColumn(3).getInt(), st.getColumn(4).getString(), st.getColumn(5).getInt64()});
  }
  return out;
}

void Meetings::committee_answer(std::int64_t meeting, const RsvpRow& rsvp) {
  Statement st(db_,
               "INSERT INTO committee_rsvps (meeting, member_id, answer, note, at) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (meeting, member_id) DO UPDATE SET answer = excluded.answer, note = excluded.note, at = excluded.at");
  st.bind(1, meeting);
  st.bind(2, rsvp.member_id);
  st.bind(3, rsvp.answer);
  st.bind(4, rsvp.note);
  st.bind(5, rsvp.at);
  st.exec();
}

std::vector<RsvpRow> Meetings::committee_answers(std::int64_t meeting) {
  Statement st(db_, "SELECT member_id, answer, note, at FROM committee_rsvps WHERE meeting = ? ORDER BY at, member_id");
  st.bind(1, meeting);
  std::vector<RsvpRow> out;
  while (st.executeStep())
    out.push_back({0, st.getColumn(0).getInt64(), st.getColumn(1).getString(), 1, st.getColumn(2).getString(), st.getColumn(3).getInt64()});
  return out;
}

void Meetings::add_minutes(std::int64_t meeting, std::int64_t member_id, const std::string& text, std::int64_t now_ms) {
  Statement st(db_, "INSERT INTO minutes (meeting, member_id, text, at) VALUES (?, ?, ?, ?)");
  st.bind(1, meeting);
  st.bind(2, member_id);
  st.bind(3, text);
  st.bind(4, now_ms);
  st.exec();
}

std::vector<MinutesRow> Meetings::minutes(std::int64_t meeting) {
  Statement st(db_, "SELECT member_id, text, at FROM minutes WHERE meeting = ? ORDER BY id");
  st.bind(1, meeting);
  std::vector<MinutesRow> out;
  while (st.executeStep())
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt64()});
  return out;
}

std::vector<MeetingRow> Meetings::all(std::optional<std::int64_t> class_id) {
  Statement st(db_, std::string(meeting_select) + "WHERE (?1 IS NULL OR m.class_id = ?1) ORDER BY m.thread");
  if (class_id) st.bind(1, *class_id);
  std::vector<MeetingRow> out;
  while (st.executeStep()) out.push_back(read_meeting(st));
  return out;
}

}  // namespace jiaxiao::store
