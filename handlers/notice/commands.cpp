#include "handlers/notice/commands.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "bot/core/command.hpp"
#include "bot/core/quiet_hours.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "bot/core/zone.hpp"
#include "handlers/audience.hpp"
#include "handlers/reading.hpp"
#include "handlers/replies.hpp"
#include "handlers/scope.hpp"
#include "handlers/notice/answers.hpp"
#include "handlers/notice/letter.hpp"
#include "handlers/notice/templates.hpp"
#include "store/threads.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/messages.hpp"
#include "store/notices.hpp"
#include "store/questions.hpp"
#include "store/reminders.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::notice {

namespace {


/// Where the bot hears only @-messages, parents must @ it to be heard.
std::string reply_gesture(const core::Capabilities& platform) { return at_bot(platform) + "回复“收到”"; }

/// The students of the notice's class and which of them have been acknowledged.
struct Progress {
  std::vector<store::Student> students, missing;
  std::size_t acked = 0;
  std::size_t late = 0;  // of `acked`: first acknowledged after the deadline
};

Progress progress_of(store::Database& db, const store::NoticeRow& notice) {
  Progress p;
  p.students = store::Roster(db.sql()).students(notice.class_id);
  std::map<std::int64_t, std::int64_t> first_ack;  // student → when first acknowledged
  for (const auto& a : store::Notices(db.sql()).acks(notice.number)) first_ack.try_emplace(a.student_id, a.at);
  for (const auto& s : p.students) {
    const auto it = first_ack.find(s.id);
    if (it == first_ack.end()) {
      p.missing.push_back(s);
      continue;
    }
    ++p.acked;
    if (it->second > notice.deadline_at) ++p.late;
  }
  return p;
}

/// `已回执 X/Y`, the students missing by name, and the comments: their text only where `private_view`
/// (a private chat), never in a group, where only their number is said (SPEC §2.2).
std::string status_text(store::Database& db, const store::NoticeRow& notice, const config::Settings& config,
                        std::int64_t now, bool private_view) {
  const Progress p = progress_of(db, notice);
  std::string text = ref(notice) + " 已回执 " + std::to_string(p.acked) + "/" + std::to_string(p.students.size());
  if (p.late > 0) text += "（其中逾期 " + std::to_string(p.late) + "）";
  if (notice.cancelled_at) text += "（已撤回）";
  else if (notice.closed_at) text += "（已截止）";
  else text += "，截止 " + core::echo_time(notice.deadline_at, now, config.timezone);
  if (!p.missing.empty())
    text += "\n未回执（" + std::to_string(p.missing.size()) + " 人）：" + core::join(student_names(p.missing, p.students), "、");
  std::vector<std::string> comments;
  store::Roster roster(db.sql());
  for (const auto& a : store::Notices(db.sql()).acks(notice.number)) {
    if (a.comment.empty()) continue;
    const auto student = roster.by_id(a.student_id);
    comments.push_back((student ? student->name : "?") + "（" + a.relation + "）：" + a.comment);
  }
  // One line per question, with every child it was asked for: "李华、李雷（奶奶）：…".
  std::vector<std::string> asked;
  std::vector<std::string> students_of_last;
  std::optional<store::QuestionRow> last;
  const auto flush = [&] {
    if (last) asked.push_back((students_of_last.empty() ? std::string("未绑定的成员") : core::join(students_of_last, "、") + "（" + last->relation + "）") + "：" + last->text);
  };
  for (const auto& q : store::Questions(db.sql()).about(notice.number)) {
    if (!last || q.message_id != last->message_id || q.member_id != last->member_id) {
      flush();
      students_of_last.clear();
    }
    if (const auto student = q.student_id ? roster.by_id(*q.student_id) : std::nullopt) students_of_last.push_back(student->name);
    last = q;
  }
  flush();
  if (private_view) {
    if (!comments.empty()) text += "\n留言：\n" + core::join(comments, "\n");
    if (!asked.empty()) text += "\n家长提问：\n" + core::join(asked, "\n");
  } else if (!comments.empty() || !asked.empty()) {
    text += "\n家长留言和提问 " + std::to_string(comments.size() + asked.size()) + " 条，不在群里显示；私聊我发送 /回执 #" +
            std::to_string(notice.number) + " 查看。";
  }
  return text;
}

/// Queues the polite reminder to every group of the class; returns how many students it names.
std::size_t queue_reminder(store::Database& db, const config::Settings& config, const core::Platforms& platforms,
                           const store::NoticeRow& notice, std::int64_t now, std::vector<core::OutgoingMessage>& out) {
  const Progress p = progress_of(db, notice);
  if (p.missing.empty()) return 0;
  for (const auto& group : class_groups(db, notice.class_id)) {
    std::string text = "【回执提醒 " + ref(notice) + "】还有 " + std::to_string(p.missing.size()) +
                       " 位同学的家长未回执：" + core::join(student_names(p.missing, p.students), "、") + "。\n请以上同学的家长看到后" +
                       reply_gesture(platforms.of(group.platform)) + "，谢谢配合！回执截止 " +
                       core::echo_time(notice.deadline_at, now, config.timezone) + "。";
    core::OutgoingMessage m{group, text, guardian_mentions(db, p.missing, group.platform), notice.number, std::nullopt};
    m.hold_in_quiet_hours = true;
    out.push_back(std::move(m));
  }
  return p.missing.size();
}

/// A reminder of the notice. A reminder to parents is pointless after the deadline (then it is missed);
/// the deadline report is not: it is sent late after downtime.
void add_reminder(store::Database& db, const store::NoticeRow& notice, const std::string& kind, std::int64_t due,
                  std::int64_t now) {
  store::ReminderRow r;
  r.thread = notice.number;
  r.kind = kind;
  r.due_at = due;
  if (kind == "notice_remind") r.event_at = notice.deadline_at;
  store::Reminders(db.sql()).add(r, now);
}

// ---- /告家长书 --------------------------------------------------------------------------------

std::string template_list(const TemplateLibrary& templates) {
  std::string text = "可用的告家长书模板：";
  for (const auto& t : templates.all()) {
    text += "\n" + t.name;
    std::vector<std::string> vars;
    for (const auto& v : t.required) vars.push_back(v + "=…");
    for (const auto& v : t.optional) vars.push_back("[" + v + "=…]");
    if (!vars.empty()) text += "  " + core::join(vars, " ");
  }
  text += "\n用法：/告家长书 标题 模板:寒假安全 放假日期=1月20日 截止:周五";
  return text;
}

void send_notice(Context& ctx, const core::ParsedCommand& command, const TemplateLibrary& templates) {
  const CommandSpec& spec = *ctx.registry.find("告家长书");
  const std::int64_t now = ctx.clock.now_ms();
  if (command.args == "模板") return ctx.reply(template_list(templates));
  LetterRequest req = read_letter(command.args, command.raw_args, now, ctx.settings.timezone);
  if (!req.error.empty()) return ctx.reply(usage_error(spec, req.error));
  const LetterTemplate* letter = nullptr;
  if (!req.template_name.empty()) {
    letter = templates.find(req.template_name);
    if (!letter) return ctx.reply(usage_error(spec, "没有" + quote_input(req.template_name) + "这个模板。发送 /告家长书 模板 查看全部。"));
  } else if (req.body.empty()) {
    letter = templates.find(req.title);  // "/告家长书 寒假安全": the title names a template
    if (!letter)
      return ctx.reply(usage_error(spec, "告家长书需要正文（标题下面另起一行写），或用“模板:名称”套用模板。"));
  }
  if (req.title.empty()) {
    if (!letter) return ctx.reply(usage_error(spec, "请写告家长书的标题。"));
    req.title = letter->name;
  }
  // What parents read is kept as the teacher typed it: "12月31日（周四）", not "12月31日(周四)".
  req.title = ctx.typed(req.title);
  for (auto& [key, value] : req.values) value = ctx.typed(value);
  const auto& klass = *ctx.access.klass;
  const std::int64_t deadline = req.deadline ? req.deadline->at_ms : now + ctx.settings.notice.default_deadline.count();
  const std::string deadline_echo = core::echo_time(deadline, now, ctx.settings.timezone);
  std::string body;
  if (letter) {
    std::map<std::string, std::string> values = req.values;
    values["学校"] = ctx.settings.school_name.empty() ? klass.name : ctx.settings.school_name;
    values["班级"] = klass.name;
    values["日期"] = core::chinese_date(now, ctx.settings.timezone);
    values["截止"] = deadline_echo;
    auto rendered = templates.render(*letter, values);
    if (!rendered) return ctx.reply(usage_error(spec, rendered.error()));
    body = *rendered;
    if (!req.body.empty()) body += "\n\n补充说明：\n" + core::join(req.body, "\n");
  } else {
    body = core::join(req.body, "\n");
  }

  store::NoticeRow notice;
  notice.number = ctx.open_thread("notice", req.title, klass.id);
  notice.class_id = klass.id;
  notice.class_name = klass.name;
  notice.title = req.title;
  notice.body = body;
  if (letter) notice.template_name = letter->name;
  notice.created_by = ctx.access.member_id;
  notice.created_at = now;
  notice.deadline_at = deadline;
  store::Notices(ctx.db.sql()).create(notice);
  ctx.tie_to(notice.number);

  const std::string school = ctx.settings.school_name.empty() ? "" : ctx.settings.school_name + " ";
  const auto groups = class_groups(ctx.db, klass.id);
  for (const auto& group : groups) {
    std::string text = "【告家长书 #" + std::to_string(notice.number) + "】" + req.title + "\n" + school + klass.name +
                       "\n\n" + body + "\n\n回执截止：" + deadline_echo + "\n请家长阅读后" + reply_gesture(ctx.platforms.of(group.platform)) +
                       "（每个孩子一位家长回复即可，可在“收到”后留言）。";
    core::OutgoingMessage m{group, text, {}, notice.number, std::nullopt};
    m.hold_in_quiet_hours = true;
    ctx.send(std::move(m));
  }
  const std::int64_t remind_at = now + ctx.settings.notice.remind_after.count();
  if (ctx.settings.notice.max_reminders > 0 && remind_at < deadline) add_reminder(ctx.db, notice, "notice_remind", remind_at, now);
  add_reminder(ctx.db, notice, "notice_deadline", deadline, now);

  std::string reply = "已发出 #" + std::to_string(notice.number) + "《" + req.title + "》到本班 " +
                      std::to_string(groups.size()) + " 个群，回执截止 " + deadline_echo + "。发送 /回执 #" +
                      std::to_string(notice.number) + " 查看进度。";
  if (auto held = core::quiet_until(now, ctx.settings.timezone, ctx.settings.quiet_start_minute, ctx.settings.quiet_end_minute))
    reply += "\n现在是免打扰时段，将于 " + core::echo_time(*held, now, ctx.settings.timezone) + " 发到家长群。";
  if (const std::string note = held_pushes_note(ctx.db, ctx.platforms, klass.id); !note.empty()) reply += "\n" + note;
  ctx.reply(std::move(reply), notice.number);
}

/// The notice a teacher's /回执 or /催回执 means: #N, else the class's newest (open, for 催).
std::optional<store::NoticeRow> chosen_notice(Context& ctx, const store::ClassRow& klass, const std::string& args, bool open_only,
                                              std::string& problem) {
  store::Notices notices(ctx.db.sql());
  if (auto n = core::find_thread_reference(args)) {
    auto notice = notices.find(*n);
    if (!notice || notice->class_id != klass.id) {
      problem = not_the_item(ctx, *n, "告家长书");
      return std::nullopt;
    }
    return notice;
  }
  if (open_only) {
    auto open = notices.open_for_class(klass.id);
    if (open.empty()) problem = "本班没有正在收集回执的告家长书。";
    return open.empty() ? std::nullopt : std::optional(open.front());
  }
  auto newest = notices.newest(klass.id);
  if (!newest) problem = "本班还没有发过告家长书。";
  return newest;
}

void show_status(Context& ctx, const core::ParsedCommand& command) {
  std::string args = command.args;
  const auto klass = class_in_view(ctx, args, {store::Role::teacher});
  if (!klass) return;
  std::string problem;
  auto notice = chosen_notice(ctx, *klass, args, false, problem);
  if (!notice) return ctx.reply(problem);
  ctx.reply(status_text(ctx.db, *notice, ctx.settings, ctx.clock.now_ms(),
                        ctx.message.chat.kind == core::ChatKind::private_chat),
            notice->number);
}

void remind_now(Context& ctx, const core::ParsedCommand& command) {
  std::string problem;
  auto notice = chosen_notice(ctx, *ctx.access.klass, command.args, true, problem);
  if (!notice) return ctx.reply(problem);
  const std::int64_t now = ctx.clock.now_ms();
  if (!notice->open()) return ctx.reply(ref(*notice) + " 已截止或已撤回，不再催回执。");
  const auto gap = ctx.settings.notice.min_remind_gap.count();
  if (notice->last_reminded_at && now - *notice->last_reminded_at < gap) {
    return ctx.reply("距离上次提醒（" + core::echo_time(*notice->last_reminded_at, now, ctx.settings.timezone) +
                     "）不到 " + core::chinese_duration(ctx.settings.notice.min_remind_gap.count()) + "，请稍后再催。");
  }
  const std::size_t named = queue_reminder(ctx.db, ctx.settings, ctx.platforms, *notice, now, ctx.outgoing);
  if (named == 0) return ctx.reply(ref(*notice) + " 全部已回执，无需再催。");
  store::Notices(ctx.db.sql()).mark_reminded(notice->number, now, false);
  std::string reply = "已提醒 " + std::to_string(named) + " 位同学的家长。";
  if (auto held = core::quiet_until(now, ctx.settings.timezone, ctx.settings.quiet_start_minute, ctx.settings.quiet_end_minute))
    reply += "现在是免打扰时段，提醒将于 " + core::echo_time(*held, now, ctx.settings.timezone) + " 发出。";
  ctx.reply(std::move(reply), notice->number);
}

// ---- reminder kinds ----------------------------------------------------------------------------

void fire_reminder(ReminderContext& ctx) {
  if (!ctx.reminder.thread) return;
  store::Notices notices(ctx.db.sql());
  const auto notice = notices.find(*ctx.reminder.thread);
  if (!notice || !notice->open()) return;
  const std::int64_t now = ctx.clock.now_ms();
  if (queue_reminder(ctx.db, ctx.settings, ctx.platforms, *notice, now, ctx.outgoing) == 0) return;  // everyone answered
  notices.mark_reminded(notice->number, now, true);
  // Then daily at notice.remind_daily_at until the deadline, at most notice.max_reminders in all.
  if (notice->reminders_sent + 1 >= ctx.settings.notice.max_reminders) return;
  const std::int64_t next = core::next_local_minute(now, ctx.settings.timezone, ctx.settings.notice.remind_daily_at_minute);
  if (next < notice->deadline_at) add_reminder(ctx.db, *notice, "notice_remind", next, now);
}

void fire_deadline(ReminderContext& ctx) {
  if (!ctx.reminder.thread) return;
  store::Notices notices(ctx.db.sql());
  const auto notice = notices.find(*ctx.reminder.thread);
  if (!notice || !notice->open()) return;
  const std::int64_t now = ctx.clock.now_ms();
  notices.close(notice->number, now);
  if (!notice->created_by) return;
  const auto teacher = store::Members(ctx.db.sql()).private_chat(*notice->created_by);
  if (!teacher) return;
  auto closed = *notices.find(notice->number);
  ctx.outgoing.push_back({*teacher, "回执已截止。" + status_text(ctx.db, closed, ctx.settings, now, true), {}, notice->number,
                          std::nullopt});
}

// ---- /取消 and /我的 ----------------------------------------------------------------------------

void on_cancel(Context& ctx, const store::ThreadRow& thread) {
  store::Notices notices(ctx.db.sql());
  const auto notice = notices.find(thread.number);
  if (!notice) return;
  notices.close(notice->number, ctx.clock.now_ms());
  for (const auto& group : class_groups(ctx.db, notice->class_id)) {
    core::OutgoingMessage m{group, "【撤回】" + ref(*notice) + " 已撤回，请家长忽略，无需回执。", {}, notice->number,
                            std::nullopt};
    m.hold_in_quiet_hours = true;
    ctx.send(std::move(m));
  }
}

std::string waiting_for_me(Context& ctx) {
  store::Notices notices(ctx.db.sql());
  std::vector<std::string> lines;
  for (const auto& ward : store::Roster(ctx.db.sql()).wards(ctx.access.member_id)) {
    for (const auto& n : notices.open_for_class(ward.student.class_id)) {
      if (notices.acked(n.number, ward.student.id)) continue;
      lines.push_back(ref(n) + "（" + ward.student.name + "），截止 " +
                      core::echo_time(n.deadline_at, ctx.clock.now_ms(), ctx.settings.timezone));
    }
  }
  if (lines.empty()) return "";
  return "待回执：\n" + core::join(lines, "\n") + "\n回复“收到 #编号”即可回执。";
}

}  // namespace

void register_commands(Registry& registry, const config::Settings& config) {
  auto templates = std::make_shared<const TemplateLibrary>(TemplateLibrary::load(templates_folder(config)));
  registry.add({.name = "告家长书", .aliases = {"notice"},
                .usage = "/告家长书 <标题> [截止:<时间>] [模板:<名称> 键=值…]，下一行起写正文",
                .summary = "向全班家长发告家长书并收集回执（/告家长书 模板 查看模板）",
                .run = [templates](Context& ctx, const core::ParsedCommand& c) { send_notice(ctx, c, *templates); }});
  registry.add({.name = "收到", .aliases = {"ack"}, .usage = "/收到 [#编号] [留言]",
                .summary = "家长回执（直接回复“收到”也可以）",
                .run = [](Context& ctx, const core::ParsedCommand& c) {
                  const std::string rest(core::trim(core::without_thread_reference(c.args)));
                  answer_reply_as(ctx, ReplyOrder::notice_ack, core::find_thread_reference(c.args), "收到 " + rest);
                }});
  registry.add({.name = "回执", .aliases = {"acks"}, .usage = "/回执 [#编号]",
                .summary = "告家长书的回执情况和未回执的学生", .run = show_status});
  registry.add({.name = "催回执", .aliases = {"remind-acks"}, .usage = "/催回执 [#编号]",
                .summary = "立即提醒未回执的家长", .run = remind_now});
  registry.add_reply_kind(ack_reply_kind());
  registry.add_reminder_kind({"notice_remind", fire_reminder});
  registry.add_reminder_kind({"notice_deadline", fire_deadline});
  registry.add_cancel_hook("notice", on_cancel);
  registry.add_summary(waiting_for_me);
}

}  // namespace jiaxiao::handlers::notice
