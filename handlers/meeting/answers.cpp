#include "handlers/meeting/answers.hpp"

#include <algorithm>

#include "bot/core/time_expr.hpp"
#include "handlers/meeting/commands.hpp"
#include "handlers/replies.hpp"
#include "store/meetings.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::meeting {

namespace {

/// Whether the sender answers this meeting: a 家委会会议 is the committee's (SPEC §2.2).
bool invited(Context& ctx, const store::MeetingRow& m) {
  if (m.kind != "家委会会议") return true;
  for (const auto role : store::Roles(ctx.db.sql()).in_class(ctx.access.member_id, m.class_id)) {
    if (role == store::Role::chair || role == store::Role::committee) return true;
  }
  return false;
}

std::vector<ReplyTarget> upcoming_meetings(Context& ctx) {
  store::Meetings meetings(ctx.db.sql());
  store::Roster roster(ctx.db.sql());
  const std::int64_t now = ctx.clock.now_ms();
  std::vector<ReplyTarget> out;
  for (const auto class_id : classes_in_scope(ctx, true)) {
    const bool has_wards = !roster.wards(ctx.access.member_id, class_id).empty();
    for (const auto& m : meetings.upcoming(class_id, now)) {
      // Parents answer 家长会 and 开放日 for their children; the committee answers its own meetings.
      const bool committee = m.kind == "家委会会议";
      if (committee ? !invited(ctx, m) : !has_wards) continue;
      const auto answers = committee ? meetings.committee_answers(m.number) : meetings.answers(m.number);
      const bool answered = std::any_of(answers.begin(), answers.end(), [&](const store::RsvpRow& a) { return a.member_id == ctx.access.member_id; });
      out.push_back({m.number, m.kind + "（" + core::echo_time(m.at, now, ctx.settings.timezone) + "）", !answered});
    }
  }
  return out;
}

ReplyOutcome record(Context& ctx, std::int64_t number, std::string_view words) {
  const auto rsvp = read_rsvp(words);
  store::Meetings meetings(ctx.db.sql());
  const auto m = meetings.find(number);
  if (!rsvp || !m) return {false, "#" + std::to_string(number) + " 不是会议。", false};
  const std::int64_t now = ctx.clock.now_ms();
  if (m->cancelled_at) return {false, ref(*m) + " 已取消，无需回复。", true};
  if (m->at <= now) return {false, ref(*m) + " 已于 " + core::echo_time(m->at, now, ctx.settings.timezone) + " 举行，回复没有记录。", true};
  if (!invited(ctx, *m)) return {false, ref(*m) + " 是家委会的会议，由家委会成员回复。", false};
  const std::string note = rsvp->note.empty() ? "" : ctx.typed(rsvp->note);
  if (m->kind == "家委会会议") {  // per committee member (SPEC §2.2)
    meetings.committee_answer(m->number, {0, ctx.access.member_id, rsvp->answer, 1, note, now});
    ctx.tie_to(m->number);
    return {true, "已记录 " + ref(*m) + "：" + rsvp->answer + "。", false};
  }
  const auto wards = store::Roster(ctx.db.sql()).wards(ctx.access.member_id, m->class_id);
  if (wards.empty()) return {false, ref(*m) + " 是" + m->class_name + "的会议，你在这个班还没有绑定孩子，回复没有记录。", false};
  std::vector<std::string> names;
  for (const auto& w : wards) {
    meetings.answer(m->number, {w.student.id, ctx.access.member_id, rsvp->answer, rsvp->people, note, now});
    names.push_back(w.student.name);
  }
  ctx.tie_to(m->number);
  std::string said = "已记录 " + ref(*m) + "：" + rsvp->answer;
  if (rsvp->answer == "参加") said += " " + std::to_string(rsvp->people) + " 人";
  return {true, said + "（" + core::join(names, "、") + "）。", false};
}

}  // namespace

std::string ref(const store::MeetingRow& m) { return "#" + std::to_string(m.number) + " " + m.kind; }

ReplyKind rsvp_reply_kind() {
  return {.name = "meeting_rsvp",
          .order = ReplyOrder::meeting_rsvp,
          .thread_kind = "meeting",
          .words = [](std::string_view words) { return read_rsvp(words).has_value(); },
          .open = upcoming_meetings,
          .answer = record,
          .several_answer_all = false,
          .needs_ward = true,
          .gesture = "参加请回复“参加 #{N}”，不能参加请回复“请假 #{N} 原因”",
          .nothing_open = "现在没有等你回复的会议。发送 /我的 查看等你回复的事项。"};
}

}  // namespace jiaxiao::handlers::meeting
