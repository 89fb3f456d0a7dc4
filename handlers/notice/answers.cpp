#include "handlers/notice/answers.hpp"

#include <algorithm>

#include "bot/core/time_expr.hpp"
#include "handlers/notice/ack.hpp"
#include "handlers/reading.hpp"
#include "handlers/replies.hpp"
#include "store/members.hpp"
#include "store/notices.hpp"
#include "store/questions.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::notice {

namespace {

/// The sender's students where a reply counts: in a group, of its class; in a private chat, of every class.
std::vector<store::Ward> wards_in_scope(Context& ctx) {
  std::optional<std::int64_t> class_filter;
  if (ctx.access.klass) class_filter = ctx.access.klass->id;
  return store::Roster(ctx.db.sql()).wards(ctx.access.member_id, class_filter);
}

/// Whether every one of `wards` in the letter's class is acknowledged.
bool family_answered(store::Notices& notices, const store::NoticeRow& n, const std::vector<store::Ward>& wards) {
  return std::all_of(wards.begin(), wards.end(), [&](const store::Ward& w) {
    return w.student.class_id != n.class_id || notices.acked(n.number, w.student.id);
  });
}

std::vector<ReplyTarget> open_letters(Context& ctx) {
  store::Notices notices(ctx.db.sql());
  const auto wards = wards_in_scope(ctx);
  std::vector<std::int64_t> classes;
  for (const auto& w : wards) {
    if (std::find(classes.begin(), classes.end(), w.student.class_id) == classes.end()) classes.push_back(w.student.class_id);
  }
  std::vector<ReplyTarget> out;
  for (const auto class_id : classes) {
    for (const auto& n : notices.open_for_class(class_id))
      out.push_back({n.number, "《" + n.title + "》", !family_answered(notices, n, wards)});
  }
  std::sort(out.begin(), out.end(), [](const ReplyTarget& a, const ReplyTarget& b) { return a.number > b.number; });
  return out;
}

/// The newest letter whose deadline passed in the last week and that the family has not acknowledged,
/// for a reply that says it received something (收到, 已阅…); "好的" or 👍 between parents after a close is
/// no late acknowledgement.
std::optional<std::int64_t> lately_closed(Context& ctx) {
  static constexpr std::string_view receipt_words[] = {"收到", "已阅", "已读", "收悉", "知悉"};
  if (std::none_of(std::begin(receipt_words), std::end(receipt_words),
                   [&](std::string_view w) { return ctx.text.find(w) != std::string::npos; }))
    return std::nullopt;
  store::Notices notices(ctx.db.sql());
  const auto wards = wards_in_scope(ctx);
  const std::int64_t now = ctx.clock.now_ms();
  std::optional<store::NoticeRow> best;
  for (const auto& w : wards) {
    for (const auto& n : notices.all(w.student.class_id)) {
      if (n.cancelled_at || n.open() || now - n.deadline_at > late_window_ms) continue;
      if (family_answered(notices, n, wards)) continue;
      if (!best || n.number > best->number) best = n;
    }
  }
  return best ? std::optional(best->number) : std::nullopt;
}

/// The comment an ack carries, as typed; a question is passed on as 家长提问 instead (rule 6).
std::string comment_of(Context& ctx, std::string_view words) {
  const auto ack = read_ack(words);
  if (!ack || ack->comment.empty() || asks_question(ack->comment)) return {};
  return ctx.typed(ack->comment);
}

ReplyOutcome acknowledge(Context& ctx, std::int64_t number, std::string_view words) {
  store::Notices notices(ctx.db.sql());
  const auto notice = notices.find(number);
  if (!notice) return {false, "#" + std::to_string(number) + " 不是告家长书。", false};
  if (notice->cancelled_at) return {false, ref(*notice) + " 已撤回，无需回执。", false};
  const auto wards = store::Roster(ctx.db.sql()).wards(ctx.access.member_id, notice->class_id);
  if (wards.empty()) return {false, ref(*notice) + " 是" + notice->class_name + "的告家长书，你在这个班还没有绑定孩子，回执没有计入。", false};
  const std::string comment = comment_of(ctx, words);
  const std::int64_t now = ctx.clock.now_ms();
  std::vector<std::string> names;
  for (const auto& ward : wards) {
    notices.ack(number, ward.student.id, ctx.access.member_id, ward.relation, ctx.message_row, comment, now);
    names.push_back(ward.student.name);
  }
  ctx.tie_to(number);
  const std::string who = "（" + core::join(names, "、") + "）";
  if (now > notice->deadline_at) {
    return {true, ref(*notice) + " 已于 " + core::echo_time(notice->deadline_at, now, ctx.settings.timezone) +
                      " 截止，你的回执已记下，标为逾期" + who + "。",
            true};
  }
  return {true, "已回执 " + ref(*notice) + who + (comment.empty() ? "" : "，留言老师会看到") + "。", false};
}

/// 家长提问: kept per student and sent to the letter's teacher in private, with student and relation.
ReplyOutcome pass_question(Context& ctx, std::int64_t number, std::string_view words) {
  store::Notices notices(ctx.db.sql());
  const auto notice = notices.find(number);
  if (!notice) return {};
  const auto ack = read_ack(words);
  const std::string asked = ctx.typed(ack ? ack->comment : std::string(words));
  if (asked.empty()) return {};
  const auto wards = store::Roster(ctx.db.sql()).wards(ctx.access.member_id, notice->class_id);
  store::Questions questions(ctx.db.sql());
  std::vector<std::string> who;
  store::QuestionRow row{number, std::nullopt, ctx.access.member_id, "", ctx.message_row, asked, ctx.clock.now_ms()};
  for (const auto& w : wards) {
    row.student_id = w.student.id;
    row.relation = w.relation;
    questions.add(row);
    who.push_back(w.student.name + "（" + w.relation + "）");
  }
  if (wards.empty()) {
    questions.add(row);
    who.push_back((ctx.message.sender.name.empty() ? ctx.message.sender.id : ctx.message.sender.name) + "（未绑定）");
  }
  ctx.tie_to(number);
  const auto teacher = notice->created_by ? store::Members(ctx.db.sql()).private_chat(*notice->created_by) : std::nullopt;
  if (!teacher) return {false, "你的问题已记下（" + ref(*notice) + "），老师查看回执时会看到。", true};
  ctx.send({*teacher, "【家长提问 " + ref(*notice) + "】" + core::join(who, "、") + "：" + asked, {}, number, std::nullopt});
  return {false, "你的问题已转给老师（" + ref(*notice) + "），老师会尽快答复。", true};
}

}  // namespace

std::string ref(const store::NoticeRow& n) { return "#" + std::to_string(n.number) + "《" + n.title + "》"; }

ReplyKind ack_reply_kind() {
  return {.name = "notice_ack",
          .order = ReplyOrder::notice_ack,
          .thread_kind = "notice",
          .words = [](std::string_view words) { return read_ack(words).has_value(); },
          .open = open_letters,
          .answer = acknowledge,
          .several_answer_all = true,
          .needs_ward = true,
          .gesture = "回执请回复“收到 #{N}”",
          .nothing_open = "现在没有等你回执的告家长书。发送 /我的 查看等你回复的事项。",
          .lately_closed = lately_closed,
          .question = pass_question};
}

}  // namespace jiaxiao::handlers::notice
