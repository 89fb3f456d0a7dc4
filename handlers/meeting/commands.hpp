#pragma once
// 家长会, 开放日 and 家委会会议: invitations with #N and the time echoed, RSVP per student ("参加 2人",
// "请假 原因"; the latest answer replaces), /参会, /会议记录, reminders before the meeting (SPEC §2, §3;
// docs/meetings.md).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::meeting {

/// What a parent's bare reply says: 参加 (with people) or 请假 (with a reason), and a #N if any.
struct RsvpText {
  std::string answer;  // 参加 or 请假
  int people = 1;
  std::string note;
  std::optional<long long> thread;
};

/// nullopt unless the normalised text begins with 参加 or 请假 and is not a question.
std::optional<RsvpText> read_rsvp(std::string_view normalised_text);

/// Registers /家长会 /开放日 /家委会会议 /参加 /参会 /会议记录, the RSVP reply hook, the reminder kind,
/// the cancel hook and the /我的 summary.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::meeting
