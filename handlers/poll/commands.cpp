#include "handlers/poll/commands.hpp"

#include <algorithm>
#include <set>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "handlers/audience.hpp"
#include "handlers/reading.hpp"
#include "handlers/replies.hpp"
#include "handlers/scope.hpp"
#include "store/threads.hpp"
#include "store/messages.hpp"
#include "store/polls.hpp"
#include "store/reminders.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::poll {

namespace {

std::string ref(const store::PollRow& p) { return "#" + std::to_string(p.number) + " 投票"; }

std::string vote_gesture(const core::Capabilities& platform) { return at_bot(platform) + "回复"; }

/// Removes a standalone word (between start, end, spaces or '|'); true when it was there.
bool take_flag(std::string& text, std::string_view flag) {
  for (std::size_t at = text.find(flag); at != std::string::npos; at = text.find(flag, at + 1)) {
    const bool left = at == 0 || text[at - 1] == ' ' || text[at - 1] == '|';
    const std::size_t end = at + flag.size();
    const bool right = end == text.size() || text[end] == ' ' || text[end] == '|';
    if (left && right) {
      text.erase(at, flag.size());
      return true;
    }
  }
  return false;
}

struct Students {
  std::vector<store::Student> all, voted, silent;
};

Students participation(store::Database& db, const store::PollRow& p) {
  Students s;
  s.all = store::Roster(db.sql()).students(p.class_id);
  const auto votes = store::Polls(db.sql()).votes(p.number);
  for (const auto& student : s.all) {
    const bool voted = std::any_of(votes.begin(), votes.end(), [&](const store::VoteRow& v) { return v.student_id == student.id; });
    (voted ? s.voted : s.silent).push_back(student);
  }
  return s;
}

/// Counts per option; names only for polls that are not anonymous.
std::string results_text(store::Database& db, const store::PollRow& p) {
  const auto votes = store::Polls(db.sql()).votes(p.number);
  const Students s = participation(db, p);
  std::string text = ref(p) + "：" + p.question;
  if (p.cancelled_at) text += "（已取消）";
  else if (p.closed_at) text += "（已截止）";
  for (std::size_t i = 0; i < p.options.size(); ++i) {
    std::vector<store::Student> chose;
    for (const auto& v : votes) {
      if (std::find(v.choices.begin(), v.choices.end(), static_cast<int>(i + 1)) == v.choices.end()) continue;
      for (const auto& st : s.all) {
        if (st.id == v.student_id) chose.push_back(st);
      }
    }
    text += "\n" + std::to_string(i + 1) + ". " + p.options[i] + "：" + std::to_string(chose.size()) + " 票";
    if (!p.anonymous && !chose.empty()) text += "（" + core::join(student_names(chose, s.all), "、") + "）";
  }
  text += "\n已投 " + std::to_string(s.voted.size()) + "/" + std::to_string(s.all.size());
  // Naming who has not voted would tell, beside the counts, how the others voted: not for anonymous polls.
  if (!s.silent.empty() && p.open() && !p.anonymous) text += "，未投：" + core::join(student_names(s.silent, s.all), "、");
  if (p.anonymous) text += "\n（匿名投票：不显示谁投了什么）";
  return text;
}

// /投票 <问题> | <选项1> | <选项2> … [截止:<时间>] [匿名] [多选]
void create(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("投票");
  const std::int64_t now = ctx.clock.now_ms();
  std::string text = command.args;
  auto taken = take_deadline(text, now, ctx.settings.timezone);
  if (!taken) return ctx.reply(usage_error(spec, taken.error()));
  const std::optional<core::TimeReading> deadline = *taken;
  const bool anonymous = take_flag(text, "匿名");
  const bool multi = take_flag(text, "多选");
  std::vector<std::string> parts;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('|', start);
    if (end == std::string::npos) end = text.size();
    parts.emplace_back(core::trim(std::string_view(text).substr(start, end - start)));
    start = end + 1;
  }
  if (parts.empty() || parts.front().empty()) return ctx.reply(usage_error(spec, "请写投票的问题和选项，选项之间用 | 隔开。"));
  std::vector<std::string> options, read;  // as typed, and as read (for repeats)
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty()) continue;
    if (std::find(read.begin(), read.end(), parts[i]) != read.end()) return ctx.reply(usage_error(spec, "选项重复：" + parts[i]));
    read.push_back(parts[i]);
    options.push_back(ctx.typed(parts[i]));
  }
  if (options.size() < 2) return ctx.reply(usage_error(spec, "至少要有两个选项，用 | 隔开。"));
  if (options.size() > 10) return ctx.reply(usage_error(spec, "最多 10 个选项。"));

  store::PollRow p;
  p.question = ctx.typed(parts.front());
  p.number = ctx.open_thread("poll", p.question, ctx.access.klass->id);
  p.class_id = ctx.access.klass->id;
  p.options = options;
  p.anonymous = anonymous;
  p.multi = multi;
  if (deadline) p.deadline_at = deadline->at_ms;
  p.created_by = ctx.access.member_id;
  p.created_at = now;
  store::Polls(ctx.db.sql()).create(p);
  ctx.tie_to(p.number);

  for (const auto& group : class_groups(ctx.db, p.class_id)) {
    std::string body = "【投票 #" + std::to_string(p.number) + "】" + p.question;
    for (std::size_t i = 0; i < options.size(); ++i) body += "\n" + std::to_string(i + 1) + ". " + options[i];
    std::vector<std::string> notes;
    if (anonymous) notes.push_back("匿名投票");
    if (multi) notes.push_back("可多选");
    if (deadline) notes.push_back("截止 " + deadline->echo);
    if (!notes.empty()) body += "\n（" + core::join(notes, "，") + "）";
    body += "\n请家长" + vote_gesture(ctx.platforms.of(group.platform)) + "选项序号，例如“1”" + (multi ? "（多选写“1 3”）" : "") +
            "；每个孩子一票，可以改投。";
    push(ctx.outgoing, group, std::move(body), p.number);
  }
  if (deadline) {
    store::Reminders reminders(ctx.db.sql());
    const std::int64_t remind_at = deadline->at_ms - ctx.settings.poll.remind_before.count();
    if (remind_at > now) reminders.add({0, p.number, "poll_remind", remind_at, "pending", std::nullopt, "", deadline->at_ms}, now);
    reminders.add({0, p.number, "poll_close", deadline->at_ms, "pending", std::nullopt, "", std::nullopt}, now);
  }
  ctx.reply("已发出投票 #" + std::to_string(p.number) + "。发送 /结果 #" + std::to_string(p.number) + " 查看结果。", p.number);
}

/// Records a ballot for each of the sender's children in the poll's class; the reason when it is bad.
std::optional<std::string> cast(Context& ctx, const store::PollRow& p, const std::vector<int>& numbers) {
  if (!p.open()) return ref(p) + " 已截止。";
  std::vector<int> choices;
  for (int n : numbers) {
    if (n < 1 || n > static_cast<int>(p.options.size()))
      return "没有第 " + std::to_string(n) + " 项，请回复 1 到 " + std::to_string(p.options.size()) + " 之间的序号。";
    if (std::find(choices.begin(), choices.end(), n) == choices.end()) choices.push_back(n);
  }
  if (choices.empty()) return "请写选项序号。";
  if (!p.multi && choices.size() > 1) return "这是单选投票，请只写一个序号。";
  std::sort(choices.begin(), choices.end());
  const auto wards = store::Roster(ctx.db.sql()).wards(ctx.access.member_id, p.class_id);
  if (wards.empty()) return "请先绑定孩子再投票：发送“/绑定 孩子姓名 关系”，例如 /绑定 张小明 妈妈";
  for (const auto& ward : wards) {
    store::Polls(ctx.db.sql()).vote(p.number, {ward.student.id, ctx.access.member_id, choices, ctx.clock.now_ms()});
  }
  ctx.tie_to(p.number);
  return std::nullopt;
}

// /投 #N <序号…>
void vote_command(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("投");
  const auto n = core::find_thread_reference(command.args);
  if (!n) return ctx.reply(usage_error(spec, "请写投票编号和序号，例如：/投 #12 2"));
  const std::string rest = core::without_thread_reference(command.args);
  const auto numbers = read_ballot(core::trim(rest));
  if (!numbers) return ctx.reply(usage_error(spec, "请写选项序号，例如：/投 #12 2"));
  const auto p = store::Polls(ctx.db.sql()).find(*n);
  if (!p || (ctx.access.klass && p->class_id != ctx.access.klass->id)) return ctx.reply("没有本班的投票 #" + std::to_string(*n) + "。");
  if (auto problem = cast(ctx, *p, *numbers)) return ctx.reply(*problem);
  // Each choice by its number and its text, so the voter sees what was counted.
  std::vector<std::string> chosen;
  for (int c : *numbers) chosen.push_back(std::to_string(c) + ". " + p->options[static_cast<std::size_t>(c - 1)]);
  ctx.reply("已记录 " + ref(*p) + "：" + core::join(chosen, "、") + "。");
}

// ---- bare ballots (SPEC §2.1) ---------------------------------------------------------------------

/// The open polls of the classes where the sender's ballot counts.
std::vector<ReplyTarget> open_polls(Context& ctx) {
  store::Polls polls(ctx.db.sql());
  std::vector<ReplyTarget> out;
  for (const auto class_id : classes_in_scope(ctx, false)) {
    const auto wards = store::Roster(ctx.db.sql()).wards(ctx.access.member_id, class_id);
    if (wards.empty()) continue;
    for (const auto& p : polls.open_for_class(class_id)) {
      const auto votes = polls.votes(p.number);
      const bool voted = std::any_of(votes.begin(), votes.end(), [&](const store::VoteRow& v) { return v.member_id == ctx.access.member_id; });
      out.push_back({p.number, "投票：" + core::cut(p.question, 16), !voted});
    }
  }
  return out;
}

/// The newest poll of those classes closed in the last week (a ballot for it is answered, not counted).
std::optional<std::int64_t> lately_closed(Context& ctx) {
  std::optional<std::int64_t> best;
  for (const auto class_id : classes_in_scope(ctx, false)) {
    for (const auto& p : store::Polls(ctx.db.sql()).all(class_id)) {
      if (p.cancelled_at || !p.closed_at || ctx.clock.now_ms() - *p.closed_at > late_window_ms) continue;
      if (!best || p.number > *best) best = p.number;
    }
  }
  return best;
}

ReplyOutcome ballot(Context& ctx, std::int64_t number, std::string_view words) {
  const auto numbers = is_bare_one(words) ? std::optional(std::vector<int>{1}) : read_ballot(words);
  const auto p = store::Polls(ctx.db.sql()).find(number);
  if (!p || !numbers) return {false, "#" + std::to_string(number) + " 不是投票。", false};
  if (p->cancelled_at) return {false, ref(*p) + " 已取消，无需投票。", true};
  if (p->closed_at) return {false, ref(*p) + " 已截止，这一票没有计入。发送 /结果 #" + std::to_string(number) + " 查看结果。", true};
  if (auto problem = cast(ctx, *p, *numbers)) return {false, *problem, true};
  std::vector<std::string> chosen;
  for (int c : *numbers) chosen.push_back(std::to_string(c) + ". " + p->options[static_cast<std::size_t>(c - 1)]);
  return {true, "已记录 " + ref(*p) + "：" + core::join(chosen, "、") + "。", false};
}

void show_results(Context& ctx, const core::ParsedCommand& command) {
  std::string args = command.args;
  const auto klass = class_in_view(ctx, args, {store::Role::teacher, store::Role::chair, store::Role::committee});
  if (!klass) return;
  store::Polls polls(ctx.db.sql());
  std::optional<store::PollRow> p;
  if (auto n = core::find_thread_reference(args)) {
    p = polls.find(*n);
    if (!p || p->class_id != klass->id) return ctx.reply(not_the_item(ctx, *n, "投票"));
  } else {
    p = polls.newest(klass->id);
    if (!p) return ctx.reply("本班还没有投票。");
  }
  ctx.reply(results_text(ctx.db, *p), p->number);
}

void fire_reminder(ReminderContext& ctx) {
  const auto p = store::Polls(ctx.db.sql()).find(ctx.reminder.thread.value_or(0));
  if (!p || !p->open() || !p->deadline_at) return;
  const Students s = participation(ctx.db, *p);
  if (s.silent.empty()) return;
  for (const auto& group : class_groups(ctx.db, p->class_id)) {
    std::string text = "【投票提醒 " + ref(*p) + "】" + p->question + " 将于 " +
                       core::echo_time(*p->deadline_at, ctx.clock.now_ms(), ctx.settings.timezone) + " 截止，还有 " +
                       std::to_string(s.silent.size()) + " 个孩子的家长未投票";
    std::vector<std::string> mentions;
    if (!p->anonymous) {  // anonymous polls name nobody (see results_text)
      text += "：" + core::join(student_names(s.silent, s.all), "、");
      mentions = guardian_mentions(ctx.db, s.silent, group.platform);
    }
    push(ctx.outgoing, group, text + "。", p->number, std::move(mentions));
  }
}

void fire_close(ReminderContext& ctx) {
  store::Polls polls(ctx.db.sql());
  const auto p = polls.find(ctx.reminder.thread.value_or(0));
  if (!p || !p->open()) return;
  polls.close(p->number, ctx.clock.now_ms());
  const auto closed = *polls.find(p->number);
  for (const auto& group : class_groups(ctx.db, p->class_id)) push(ctx.outgoing, group, "投票结果：" + results_text(ctx.db, closed), p->number);
}

void on_cancel(Context& ctx, const store::ThreadRow& thread) {
  const auto p = store::Polls(ctx.db.sql()).find(thread.number);
  if (!p) return;
  for (const auto& group : class_groups(ctx.db, p->class_id)) {
    push(ctx.outgoing, group, "【取消】" + ref(*p) + "（" + p->question + "）已取消。", p->number);
  }
}

}  // namespace

std::optional<std::vector<int>> read_ballot(std::string_view text) {
  text = core::trim(text);
  if (text.empty()) return std::nullopt;
  std::vector<int> numbers;
  int current = -1;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      current = (current < 0 ? 0 : current) * 10 + (c - '0');
      if (current > 99) return std::nullopt;
      ++i;
      continue;
    }
    if (c == ' ' || c == ',') {
      ++i;
    } else if (text.substr(i, 3) == "、") {
      i += 3;
    } else {
      return std::nullopt;
    }
    if (current >= 0) numbers.push_back(current);
    current = -1;
  }
  if (current >= 0) numbers.push_back(current);
  if (numbers.empty()) return std::nullopt;
  return numbers;
}

void register_commands(Registry& registry) {
  registry.add({.name = "投票", .aliases = {"poll"}, .usage = "/投票 <问题> | <选项1> | <选项2> … [截止:<时间>] [匿名] [多选]",
                .summary = "向全班家长发起投票（每个孩子一票）", .run = create});
  registry.add({.name = "投", .aliases = {"vote"}, .usage = "/投 #编号 <序号…>",
                .summary = "投票（只有一个投票进行中时，直接回复序号即可）", .run = vote_command});
  registry.add({.name = "结果", .aliases = {"results"}, .usage = "/结果 [#编号]",
                .summary = "投票结果（匿名投票不显示姓名）", .run = show_results});
  registry.add_reply_kind({.name = "poll_ballot",
                           .order = ReplyOrder::poll_ballot,
                           .thread_kind = "poll",
                           .words = [](std::string_view words) { return read_ballot(words).has_value(); },
                           .open = open_polls,
                           .answer = ballot,
                           .several_answer_all = false,
                           .needs_ward = true,
                           .gesture = "投票请回复“#{N} 序号”",
                           .nothing_open = "现在没有等你投票的投票。",
                           .lately_closed = lately_closed});
  registry.add_reminder_kind({"poll_remind", fire_reminder});
  registry.add_reminder_kind({"poll_close", fire_close});
  registry.add_cancel_hook("poll", on_cancel);
}

}  // namespace jiaxiao::handlers::poll
