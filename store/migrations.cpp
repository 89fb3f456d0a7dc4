#include "store/migrations.hpp"

namespace jiaxiao::store {

// Times are Unix milliseconds (UTC). Chats and members are keyed by their platform ids.
// The dedupe key of incoming messages is (platform, platform_message_id).
const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> list = {
      // 1: groups, people, every message in and out, the outbox.
      R"sql(
CREATE TABLE classes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('group', 'private')),
  platform_chat_id TEXT NOT NULL,
  class_id INTEGER REFERENCES classes(id),
  first_seen_at INTEGER NOT NULL,
  UNIQUE (platform, kind, platform_chat_id)
);
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  UNIQUE (platform, platform_user_id)
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  platform TEXT NOT NULL,
  chat_id INTEGER NOT NULL REFERENCES chats(id),
  member_id INTEGER REFERENCES members(id),
  text TEXT NOT NULL,
  mentions TEXT NOT NULL DEFAULT '',
  mentions_bot INTEGER NOT NULL DEFAULT 0,
  reply_to TEXT,
  thread INTEGER,
  platform_message_id TEXT,
  sent_at INTEGER,
  received_at INTEGER NOT NULL,
  processed_at INTEGER
);
CREATE UNIQUE INDEX messages_dedupe ON messages(platform, platform_message_id) WHERE direction = 'in';
CREATE INDEX messages_unprocessed ON messages(id) WHERE direction = 'in' AND processed_at IS NULL;
CREATE INDEX messages_thread ON messages(thread) WHERE thread IS NOT NULL;
CREATE INDEX messages_chat ON messages(chat_id, id);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'pending';
)sql",
      // 2: classes' people. Roles per class (class_id NULL: school-wide admin), students, guardianship,
      // and a WeCom group robot's webhook key per linked group.
      R"sql(
ALTER TABLE chats ADD COLUMN webhook_key TEXT;
CREATE INDEX chats_class ON chats(class_id) WHERE class_id IS NOT NULL;
CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  class_id INTEGER REFERENCES classes(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'teacher', 'chair', 'committee')),
  title TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  CHECK ((role = 'admin') = (class_id IS NULL))
);
CREATE UNIQUE INDEX roles_in_class ON roles(member_id, class_id, role) WHERE class_id IS NOT NULL;
CREATE UNIQUE INDEX roles_admin ON roles(member_id) WHERE class_id IS NULL;
CREATE TABLE students (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES classes(id),
  name TEXT NOT NULL,
  student_no TEXT,
  is_new INTEGER NOT NULL DEFAULT 0,
  categories TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX students_number ON students(class_id, student_no) WHERE student_no IS NOT NULL;
CREATE INDEX students_name ON students(class_id, name);
CREATE TABLE guardians (
  member_id INTEGER NOT NULL REFERENCES members(id),
  student_id INTEGER NOT NULL REFERENCES students(id),
  relation TEXT NOT NULL,
  bound_at INTEGER NOT NULL,
  PRIMARY KEY (member_id, student_id)
);
CREATE INDEX guardians_student ON guardians(student_id);
)sql",
      // 3: #N threads (one sequence per school) and durable reminders.
      R"sql(
CREATE TABLE threads (
  number INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  class_id INTEGER REFERENCES classes(id),
  chat_id INTEGER REFERENCES chats(id),
  created_by INTEGER REFERENCES members(id),
  title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  cancelled_at INTEGER
);
CREATE TABLE reminders (
  id INTEGER PRIMARY KEY,
  thread INTEGER REFERENCES threads(number),
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'cancelled', 'missed')),
  chat_id INTEGER REFERENCES chats(id),
  text TEXT NOT NULL DEFAULT '',
  event_at INTEGER,
  created_at INTEGER NOT NULL,
  fired_at INTEGER
);
CREATE INDEX reminders_due ON reminders(due_at, id) WHERE state = 'pending';
CREATE INDEX reminders_thread ON reminders(thread);
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
)sql",
      // 4: letters to parents (告家长书) and their acknowledgements, counted per student.
      R"sql(
CREATE TABLE notices (
  thread INTEGER PRIMARY KEY REFERENCES threads(number),
  class_id INTEGER NOT NULL REFERENCES classes(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  template TEXT,
  created_by INTEGER REFERENCES members(id),
  created_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  reminders_sent INTEGER NOT NULL DEFAULT 0,
  last_reminded_at INTEGER,
  closed_at INTEGER
);
CREATE INDEX notices_class ON notices(class_id, thread);
CREATE TABLE acks (
  notice INTEGER NOT NULL REFERENCES notices(thread),
  student_id INTEGER NOT NULL REFERENCES students(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  message_id INTEGER REFERENCES messages(id),
  relation TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  PRIMARY KEY (notice, student_id, member_id)
);
CREATE TABLE notice_hints (
  notice INTEGER NOT NULL REFERENCES notices(thread),
  member_id INTEGER NOT NULL REFERENCES members(id),
  PRIMARY KEY (notice, member_id)
);
)sql",
      // 5: meetings (家长会, 开放日, 家委会会议), RSVPs per student (the latest answer replaces), minutes.
      R"sql(
CREATE TABLE meetings (
  thread INTEGER PRIMARY KEY REFERENCES threads(number),
  class_id INTEGER NOT NULL REFERENCES classes(id),
  kind TEXT NOT NULL CHECK (kind IN ('家长会', '开放日', '家委会会议')),
  at INTEGER NOT NULL,
  place TEXT NOT NULL,
  topic TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES members(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX meetings_class ON meetings(class_id, at);
CREATE TABLE rsvps (
  meeting INTEGER NOT NULL REFERENCES meetings(thread),
  student_id INTEGER NOT NULL REFERENCES students(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  answer TEXT NOT NULL CHECK (answer IN ('参加', '请假')),
  people INTEGER NOT NULL DEFAULT 1,
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  PRIMARY KEY (meeting, student_id)
);
CREATE TABLE minutes (
  id INTEGER PRIMARY KEY,
  meeting INTEGER NOT NULL REFERENCES meetings(thread),
  member_id INTEGER REFERENCES members(id),
  text TEXT NOT NULL,
  at INTEGER NOT NULL
);
)sql",
      // 6: polls with one ballot per student (the latest replaces), and sign-up lists (接龙).
      R"sql(
CREATE TABLE polls (
  thread INTEGER PRIMARY KEY REFERENCES threads(number),
  class_id INTEGER NOT NULL REFERENCES classes(id),
  question TEXT NOT NULL,
  options TEXT NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  multi INTEGER NOT NULL DEFAULT 0,
  deadline_at INTEGER,
  closed_at INTEGER,
  created_by INTEGER REFERENCES members(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE votes (
  poll INTEGER NOT NULL REFERENCES polls(thread),
  student_id INTEGER NOT NULL REFERENCES students(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  choices TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (poll, student_id)
);
CREATE TABLE signups (
  thread INTEGER PRIMARY KEY REFERENCES threads(number),
  class_id INTEGER NOT NULL REFERENCES classes(id),
  title TEXT NOT NULL,
  capacity INTEGER,
  deadline_at INTEGER,
  closed_at INTEGER,
  list_due INTEGER NOT NULL DEFAULT 0,
  last_posted_at INTEGER,
  created_by INTEGER REFERENCES members(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE signup_entries (
  signup INTEGER NOT NULL REFERENCES signups(thread),
  member_id INTEGER NOT NULL REFERENCES members(id),
  label TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  PRIMARY KEY (signup, member_id)
);
)sql",
      // 7: the parents' mailbox (家长信箱). The sender is kept only to route the school's reply back.
      R"sql(
CREATE TABLE mailbox (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  text TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE mailbox_replies (
  id INTEGER PRIMARY KEY,
  letter INTEGER NOT NULL REFERENCES mailbox(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  text TEXT NOT NULL,
  at INTEGER NOT NULL
);
)sql",
      // 8: home visits (家访): plans and records in one register.
      R"sql(
CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES classes(id),
  student_id INTEGER NOT NULL REFERENCES students(id),
  teacher_id INTEGER NOT NULL REFERENCES members(id),
  planned INTEGER NOT NULL,
  at INTEGER NOT NULL,
  form TEXT,
  categories TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT '',
  problem TEXT NOT NULL DEFAULT '',
  situation TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL DEFAULT '',
  opinion TEXT NOT NULL DEFAULT '',
  next_steps TEXT NOT NULL DEFAULT '',
  plan_id INTEGER REFERENCES visits(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX visits_class ON visits(class_id, at);
CREATE INDEX visits_student ON visits(student_id, at);
)sql",
      // 9: platforms that answer only inside reply windows (WeCom response_url, QQ msg_id): the windows,
      // outbox rows waiting for one, chats the bot can no longer reach, and #N named in a quote given
      // as text only.
      R"sql(
ALTER TABLE messages ADD COLUMN quoted_thread INTEGER;
ALTER TABLE chats ADD COLUMN unreachable_since INTEGER;
ALTER TABLE outbox ADD COLUMN waiting_since INTEGER;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'pending' AND waiting_since IS NULL;
CREATE INDEX messages_replies ON messages(reply_to) WHERE direction = 'out' AND reply_to IS NOT NULL;
CREATE TABLE reply_windows (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats(id),
  message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id),
  platform_message_id TEXT NOT NULL,
  handle TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 0,
  max_uses INTEGER NOT NULL
);
CREATE INDEX reply_windows_open ON reply_windows(chat_id, expires_at) WHERE uses < max_uses;
)sql",
      // 10: lookups that read a whole table or a chat's whole history. The bot's sent messages by
      // their platform id, for the #N of a quoted message (every quoted reply asks; partial, so
      // incoming messages, nearly all the rows, pay nothing). The messages held for a reply window,
      // for releasing them when one opens (every @-message on QQ and WeCom robots does).
      R"sql(
CREATE INDEX messages_sent_id ON messages(platform, platform_message_id) WHERE direction = 'out';
CREATE INDEX outbox_waiting ON outbox(message_id) WHERE state = 'pending' AND waiting_since IS NOT NULL;
)sql",
      // 11: 关注类别 kept one a line, like every other list in the database, rather than joined with
      // "、" (a display format, which belongs to whoever shows them).
      R"sql(
UPDATE students SET categories = replace(categories, '、', char(10)) WHERE categories <> '';
UPDATE visits SET categories = replace(categories, '、', char(10)) WHERE categories <> '';
)sql",
      // 12: /healthz proves the database can be written by rewriting this one row.
      R"sql(
CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);
)sql",
      // 13: since when a message's attempts have been failing (outbox.give_up_after counts from there;
      // cleared when a part goes out and by `jiaxiao outbox retry`).
      R"sql(
ALTER TABLE outbox ADD COLUMN failing_since INTEGER;
)sql",
      // 14: exactly once where the platform allows it. A send is marked in flight before the call, so a
      // restart knows its outcome is unknown; unknown outcomes are counted; the reply-window use of a send
      // that the platform dedupes (QQ's msg_id + msg_seq) is kept for its retry.
      R"sql(
ALTER TABLE outbox ADD COLUMN in_flight_since INTEGER;
ALTER TABLE outbox ADD COLUMN unknown_outcomes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN dedupe_window_id INTEGER REFERENCES reply_windows(id);
ALTER TABLE outbox ADD COLUMN dedupe_seq INTEGER;
)sql",
      // 15: a parents' mailbox letter is kept in `mailbox` without its writer for every reader; the message
      // that carried it is sealed: no export shows it (its chat and sender would name the writer).
      R"sql(
ALTER TABLE messages ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
)sql",
      // 16: a long message goes out in parts; every part's platform id is kept, so a parent quoting any
      // part of a letter answers that letter (the last part's id stays in messages.platform_message_id).
      R"sql(
CREATE TABLE message_parts (
  message_id INTEGER NOT NULL REFERENCES messages(id),
  platform TEXT NOT NULL,
  platform_message_id TEXT NOT NULL
);
CREATE INDEX message_parts_lookup ON message_parts(platform, platform_message_id);
)sql",
      // 17: 家长提问 (a parent's question about an item, passed to its creator in private) and the hints
      // given about replies that counted for nothing, each given to a member once (SPEC §2.1); they replace
      // the per-letter hints of notice_hints.
      R"sql(
CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  thread INTEGER NOT NULL REFERENCES threads(number),
  student_id INTEGER REFERENCES students(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  relation TEXT NOT NULL DEFAULT '',
  message_id INTEGER REFERENCES messages(id),
  text TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX questions_thread ON questions(thread, at);
CREATE TABLE reply_hints (
  member_id INTEGER NOT NULL REFERENCES members(id),
  topic TEXT NOT NULL,
  PRIMARY KEY (member_id, topic)
);
DROP TABLE notice_hints;
)sql",
      // 18: binding is verified (SPEC §1.1): a /绑定 in `approve` mode is a request that a teacher of the
      // class decides; it binds nobody until approved.
      R"sql(
CREATE TABLE binding_requests (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES classes(id),
  student_id INTEGER NOT NULL REFERENCES students(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  relation TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  requested_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by INTEGER REFERENCES members(id)
);
CREATE INDEX binding_requests_pending ON binding_requests(class_id, id) WHERE state = 'pending';
)sql",
      // 19: the class's 家委会 may have a group of its own (SPEC §2.2): a 家委会会议 goes there, letters to
      // parents do not. A committee meeting is answered per committee member, not per student.
      R"sql(
ALTER TABLE chats ADD COLUMN committee INTEGER NOT NULL DEFAULT 0;
CREATE TABLE committee_rsvps (
  meeting INTEGER NOT NULL REFERENCES meetings(thread),
  member_id INTEGER NOT NULL REFERENCES members(id),
  answer TEXT NOT NULL CHECK (answer IN ('参加', '请假')),
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  PRIMARY KEY (meeting, member_id)
);
)sql",
  };
  return list;
}

}  // namespace jiaxiao::store
