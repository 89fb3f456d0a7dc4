#include "handlers/meeting/commands.hpp"

#include <algorithm>
#include <map>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "handlers/audience.hpp"
#include "handlers/meeting/answers.hpp"
#include "handlers/reading.hpp"
#include "handlers/replies.hpp"
#include "handlers/scope.hpp"
#include "store/threads.hpp"
#include "store/meetings.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::meeting {

namespace {


/// A 家委会会议 goes to the class's committee only (SPEC §2.2): its 家委会 group, else each chair's and
/// member's private chat; config `meeting.committee_to_groups` also posts it to the parents' groups.
std::vector<core::ChatRef> audience(store::Database& db, const config::Settings& config, const store::MeetingRow& m) {
  if (m.kind != "家委会会议") return class_groups(db, m.class_id);
  std::vector<core::ChatRef> chats = committee_groups(db, m.class_id);
  const bool has_group = !chats.empty();
  if (config.meeting.committee_to_groups) {
    for (const auto& g : class_groups(db, m.class_id)) chats.push_back(g);
  }
  if (!has_group) {
    for (const auto& grant : store::Roles(db.sql()).list(m.class_id)) {
      if (grant.role != store::Role::chair && grant.role != store::Role::committee) continue;
      core::ChatRef chat{grant.platform, core::ChatKind::private_chat, grant.user_id};
      if (std::find(chats.begin(), chats.end(), chat) == chats.end()) chats.push_back(chat);
    }
  }
  return chats;
}

/// The class's students who have not answered.
std::vector<store::Student> unanswered(store::Database& db, const store::MeetingRow& m) {
  std::vector<store::Student> out;
  const auto answers = store::Meetings(db.sql()).answers(m.number);
  for (const auto& s : store::Roster(db.sql()).students(m.class_id)) {
    if (std::none_of(answers.begin(), answers.end(), [&](const store::RsvpRow& a) { return a.student_id == s.id; }))
      out.push_back(s);
  }
  return out;
}

std::string answer_gesture(const core::Capabilities& platform) {
  const std::string at = at_bot(platform);
  return "请家长" + at + "回复“参加”（几人参加写“参加 2人”），不能参加请" + at + "回复“请假 原因”。";
}

// /家长会 /开放日 /家委会会议 <时间> <地点> [主题]
void create(Context& ctx, const core::ParsedCommand& command, const std::string& kind) {
  const CommandSpec& spec = *ctx.registry.find(kind);
  const std::int64_t now = ctx.clock.now_ms();
  if (command.args.empty()) return ctx.reply(usage_error(spec, "请写时间和地点，例如：/" + kind + " 明天下午3点 三楼会议室"));
  auto time = core::read_time_prefix(command.args, now, ctx.settings.timezone, core::TimeUse::event);
  if (!time) return ctx.reply(usage_error(spec, time.error()));
  const auto words = core::split_args(std::string_view(command.args).substr(time->consumed));
  if (words.empty()) return ctx.reply(usage_error(spec, "请写地点，例如：/" + kind + " 明天下午3点 三楼会议室"));
  std::vector<std::string> topic_words(words.begin() + 1, words.end());

  store::MeetingRow m;
  m.number = ctx.open_thread("meeting", kind, ctx.access.klass->id);
  m.class_id = ctx.access.klass->id;
  m.class_name = ctx.access.klass->name;
  m.kind = kind;
  m.at = time->reading.at_ms;
  m.place = ctx.typed(words.front());
  m.topic = ctx.typed(core::join(topic_words, " "));
  m.created_by = ctx.access.member_id;
  m.created_at = now;
  store::Meetings(ctx.db.sql()).create(m);
  ctx.tie_to(m.number);

  for (const auto& chat : audience(ctx.db, ctx.settings, m)) {
    std::string text = "【" + kind + " #" + std::to_string(m.number) + "】" + m.class_name + "\n时间：" +
                       time->reading.echo + "\n地点：" + m.place;
    if (!m.topic.empty()) text += "\n主题：" + m.topic;
    text += "\n" + answer_gesture(ctx.platforms.of(chat.platform));
    push(ctx.outgoing, chat, std::move(text), m.number);
  }
  for (const auto& before : ctx.settings.meeting.remind_before) {
    const std::int64_t due = m.at - before.count();
    if (due <= now) continue;  // too close already: that reminder would come after the invitation
    store::ReminderRow r;
    r.thread = m.number;
    r.kind = "meeting_remind";
    r.due_at = due;
    r.event_at = m.at;
    store::Reminders(ctx.db.sql()).add(r, now);
  }
  ctx.reply("已发出" + kind + "邀请 #" + std::to_string(m.number) + "：" + time->reading.echo + "，" + m.place +
                "。发送 /参会 #" + std::to_string(m.number) + " 查看回复。",
            m.number);
}

/// The class's 家委会主任 and 委员: who a 家委会会议 is for, by member id with how to name and @ them.
std::vector<store::RoleGrant> committee_of(store::Database& db, std::int64_t class_id) {
  std::vector<store::RoleGrant> out;
  for (const auto& g : store::Roles(db.sql()).list(class_id)) {
    if (g.role != store::Role::chair && g.role != store::Role::committee) continue;
    if (std::none_of(out.begin(), out.end(), [&](const store::RoleGrant& o) { return o.member_id == g.member_id; })) out.push_back(g);
  }
  return out;
}

std::string name_of(const store::RoleGrant& g) { return g.name.empty() ? g.user_id : g.name; }

/// A 家委会会议's answers, counted over committee members (SPEC §2.2); reasons only where `private_view`.
std::string committee_status_text(store::Database& db, const store::MeetingRow& m, const config::Settings& config,
                                  std::int64_t now, bool private_view) {
  const auto answers = store::Meetings(db.sql()).committee_answers(m.number);
  std::vector<std::string> going, away, silent;
  bool reasons = false;
  for (const auto& g : committee_of(db, m.class_id)) {
    const auto a = std::find_if(answers.begin(), answers.end(), [&](const store::RsvpRow& r) { return r.member_id == g.member_id; });
    if (a == answers.end()) silent.push_back(name_of(g));
    else if (a->answer == "参加") going.push_back(name_of(g));
    else {
      reasons = reasons || !a->note.empty();
      away.push_back(name_of(g) + (private_view && !a->note.empty() ? "（" + a->note + "）" : ""));
    }
  }
  std::string text = ref(m) + " " + core::echo_time(m.at, now, config.timezone) + " " + m.place;
  if (m.cancelled_at) text += "（已取消）";
  text += "\n家委会 " + std::to_string(going.size() + away.size() + silent.size()) + " 人：参加 " + std::to_string(going.size()) +
          " · 请假 " + std::to_string(away.size()) + " · 未回复 " + std::to_string(silent.size());
  if (!going.empty()) text += "\n参加：" + core::join(going, "、");
  if (!away.empty()) text += "\n请假：" + core::join(away, "、");
  if (reasons && !private_view) text += "\n请假原因不在群里显示。";
  if (!silent.empty()) text += "\n未回复：" + core::join(silent, "、");
  return text;
}

/// Who comes, who is away and who has not answered; leave reasons only where `private_view` (SPEC §2.2).
std::string status_text(store::Database& db, const store::MeetingRow& m, const config::Settings& config, std::int64_t now,
                        bool private_view) {
  if (m.kind == "家委会会议") return committee_status_text(db, m, config, now, private_view);
  const auto students = store::Roster(db.sql()).students(m.class_id);
  std::map<std::int64_t, store::RsvpRow> by_student;
  for (const auto& a : store::Meetings(db.sql()).answers(m.number)) by_student[a.student_id] = a;
  std::vector<std::string> away, silent;
  int going_students = 0, people = 0, reasons = 0;
  // One answer covers all of a family's children (the twins' mother's "参加 2人" is 2 people, not 4):
  // the children answered by one message are one family, shown together with its head count.
  struct Family {
    std::int64_t member_id, at;
    std::vector<std::string> names;
    int people;
  };
  std::vector<Family> families;
  for (const auto& s : students) {
    const std::string name = student_names({s}, students).front();
    auto it = by_student.find(s.id);
    if (it == by_student.end()) silent.push_back(name);
    else if (it->second.answer == "参加") {
      ++going_students;
      const auto& a = it->second;
      auto family = std::find_if(families.begin(), families.end(),
                                 [&](const Family& f) { return f.member_id == a.member_id && f.at == a.at; });
      if (family == families.end()) {
        families.push_back({a.member_id, a.at, {name}, a.people});
        people += a.people;
      } else {
        family->names.push_back(name);
      }
    } else {
      const bool shown = private_view && !it->second.note.empty();
      if (!it->second.note.empty()) ++reasons;
      away.push_back(name + (shown ? "（" + it->second.note + "）" : ""));
    }
  }
  std::vector<std::string> going;
  for (const auto& f : families)
    going.push_back(core::join(f.names, "、") + (f.people > 1 ? "（" + std::to_string(f.people) + "人）" : ""));
  std::string text = ref(m) + " " + core::echo_time(m.at, now, config.timezone) + " " + m.place;
  if (m.cancelled_at) text += "（已取消）";
  text += "\n参加 " + std::to_string(going_students) + "（" + std::to_string(people) + " 人）· 请假 " +
          std::to_string(away.size()) + " · 未回复 " + std::to_string(silent.size());
  if (!going.empty()) text += "\n参加：" + core::join(going, "、");
  if (!away.empty()) text += "\n请假：" + core::join(away, "、");
  if (reasons > 0 && !private_view) text += "\n请假原因不在群里显示。";
  if (!silent.empty()) text += "\n未回复：" + core::join(silent, "、");
  return text;
}

/// #N in the arguments, else the class's newest meeting.
std::optional<store::MeetingRow> chosen(Context& ctx, const store::ClassRow& klass, const std::string& args, std::string& problem) {
  store::Meetings meetings(ctx.db.sql());
  if (auto n = core::find_thread_reference(args)) {
    auto m = meetings.find(*n);
    if (!m || m->class_id != klass.id) {
      problem = not_the_item(ctx, *n, "会议");
      return std::nullopt;
    }
    return m;
  }
  auto newest = meetings.newest(klass.id);
  if (!newest) problem = "本班还没有安排会议。";
  return newest;
}

void show_status(Context& ctx, const core::ParsedCommand& command) {
  std::string args = command.args;
  const auto klass = class_in_view(ctx, args, {store::Role::teacher, store::Role::chair, store::Role::committee});
  if (!klass) return;
  std::string problem;
  const auto m = chosen(ctx, *klass, args, problem);
  if (!m) return ctx.reply(problem);
  ctx.reply(status_text(ctx.db, *m, ctx.settings, ctx.clock.now_ms(), ctx.message.chat.kind == core::ChatKind::private_chat),
            m->number);
}

/// The minutes of a meeting, each entry with its author and time.
std::string minutes_text(Context& ctx, const store::MeetingRow& m) {
  const auto entries = store::Meetings(ctx.db.sql()).minutes(m.number);
  if (entries.empty()) return ref(m) + " 还没有会议记录。发送 /会议记录 #" + std::to_string(m.number) + " 内容 添加。";
  std::string text = ref(m) + " 会议记录（" + std::to_string(entries.size()) + " 条）：";
  store::Members members(ctx.db.sql());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    text += "\n" + std::to_string(i + 1) + ". " + members.label(entries[i].member_id) + " " +
            core::echo_time(entries[i].at, ctx.clock.now_ms(), ctx.settings.timezone) + "：" + entries[i].text;
  }
  return text;
}

// /会议记录 #N [内容]: appends (teacher, chair; in the group or privately), or alone shows the minutes with
// author and time — in a private chat, or in the group for an open day (SPEC §2).
void keep_minutes(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("会议记录");
  const auto n = core::find_thread_reference(command.args);
  if (!n) return ctx.reply(usage_error(spec, "请写会议编号，例如：/会议记录 #12 本次家长会通报了期中考试情况……"));
  std::string args = command.args;
  const auto klass = class_in_view(ctx, args, {store::Role::teacher, store::Role::chair});
  if (!klass) return;
  store::Meetings meetings(ctx.db.sql());
  const auto m = meetings.find(*n);
  if (!m || m->class_id != klass->id) return ctx.reply(not_the_item(ctx, *n, "会议"));
  // The minutes as written (Chinese punctuation kept), without the #N (typed as # or ＃).
  std::string content = command.raw_args;
  for (const std::string& tag : {"#" + std::to_string(*n), "＃" + std::to_string(*n)}) {
    if (auto at = content.find(tag); at != std::string::npos) content.erase(at, tag.size());
  }
  content = std::string(core::trim(content));
  if (content.empty()) {
    if (ctx.message.chat.kind == core::ChatKind::group && m->kind != "开放日")
      return ctx.reply("会议记录只在私聊里查看：请私聊我发送 /会议记录 #" + std::to_string(m->number) + "。");
    return ctx.reply(minutes_text(ctx, *m), m->number);
  }
  meetings.add_minutes(m->number, ctx.access.member_id, content, ctx.clock.now_ms());
  ctx.reply("已记录 " + ref(*m) + " 的会议记录（共 " + std::to_string(meetings.minutes(m->number).size()) + " 条）。发送 /会议记录 #" +
                std::to_string(m->number) + " 查看。",
            m->number);
}

void fire_reminder(ReminderContext& ctx) {
  if (!ctx.reminder.thread) return;
  const auto m = store::Meetings(ctx.db.sql()).find(*ctx.reminder.thread);
  if (!m || m->cancelled_at) return;
  const std::int64_t now = ctx.clock.now_ms();
  const auto silent = unanswered(ctx.db, *m);
  const auto all = store::Roster(ctx.db.sql()).students(m->class_id);
  // A 家委会会议 names the committee members who have not answered (SPEC §2.2), never the parents.
  std::vector<store::RoleGrant> silent_members;
  if (m->kind == "家委会会议") {
    const auto answers = store::Meetings(ctx.db.sql()).committee_answers(m->number);
    for (const auto& g : committee_of(ctx.db, m->class_id)) {
      if (std::none_of(answers.begin(), answers.end(), [&](const store::RsvpRow& a) { return a.member_id == g.member_id; }))
        silent_members.push_back(g);
    }
  }
  for (const auto& chat : audience(ctx.db, ctx.settings, *m)) {
    std::string text = "【" + m->kind + "提醒 #" + std::to_string(m->number) + "】" + m->kind + "将于 " +
                       core::echo_time(m->at, now, ctx.settings.timezone) + " 在" + m->place + "举行。";
    std::vector<std::string> mentions;
    if (m->kind == "家委会会议") {
      if (chat.kind == core::ChatKind::group && !silent_members.empty()) {
        std::vector<std::string> names;
        for (const auto& g : silent_members) {
          names.push_back(name_of(g));
          if (g.platform == chat.platform) mentions.push_back(g.user_id);
        }
        text += "\n尚未回复：" + core::join(names, "、") + "。" + answer_gesture(ctx.platforms.of(chat.platform));
      }
    } else if (chat.kind == core::ChatKind::group && !silent.empty()) {
      text += "\n尚未回复：" + core::join(student_names(silent, all), "、") + "。" + answer_gesture(ctx.platforms.of(chat.platform));
      mentions = guardian_mentions(ctx.db, silent, chat.platform);
    }
    push(ctx.outgoing, chat, std::move(text), m->number, std::move(mentions));
  }
}

void on_cancel(Context& ctx, const store::ThreadRow& thread) {
  const auto m = store::Meetings(ctx.db.sql()).find(thread.number);
  if (!m) return;
  for (const auto& chat : audience(ctx.db, ctx.settings, *m)) {
    push(ctx.outgoing, chat,
         "【取消】" + ref(*m) + "（" + core::echo_time(m->at, ctx.clock.now_ms(), ctx.settings.timezone) + "）已取消。",
         m->number);
  }
}

std::string waiting_for_me(Context& ctx) {
  std::vector<std::string> lines;
  store::Meetings meetings(ctx.db.sql());
  const std::int64_t now = ctx.clock.now_ms();
  for (const auto& ward : store::Roster(ctx.db.sql()).wards(ctx.access.member_id)) {
    for (const auto& m : meetings.upcoming(ward.student.class_id, now)) {
      if (m.kind == "家委会会议") continue;  // the committee's, answered per member
      const auto answers = meetings.answers(m.number);
      if (std::any_of(answers.begin(), answers.end(),
                      [&](const store::RsvpRow& a) { return a.student_id == ward.student.id; }))
        continue;
      lines.push_back(ref(m) + " " + core::echo_time(m.at, now, ctx.settings.timezone) + "（" + ward.student.name + "）");
    }
  }
  if (lines.empty()) return "";
  return "待回复的会议：\n" + core::join(lines, "\n") + "\n回复“参加 #编号”或“请假 #编号 原因”。";
}

}  // namespace

std::optional<RsvpText> read_rsvp(std::string_view text) {
  text = core::trim(text);
  // An ack word or a greeting before the answer ("好的，准时参加", "收到，请假"): the answer decides.
  static constexpr std::string_view openers[] = {"好的", "好滴", "好嘞", "收到", "嗯嗯", "嗯", "ok", "OK", "谢谢老师", "老师好", "老师辛苦了"};
  for (auto opener : openers) {
    if (!text.starts_with(opener)) continue;
    std::string_view after = text.substr(opener.size());
    while (!after.empty() && (after.front() == ',' || after.front() == ' ' || after.front() == '!' || after.starts_with("，") || after.starts_with("、")))
      after.remove_prefix(after.front() == ',' || after.front() == ' ' || after.front() == '!' ? 1 : 3);
    text = after;
    break;
  }
  // The RSVP words of SPEC §2, longer first ("不能参加" before "参加"): each says 参加 or 请假.
  static constexpr std::pair<std::string_view, std::string_view> words[] = {
      {"不能参加", "请假"}, {"无法参加", "请假"}, {"参加不了", "请假"}, {"不参加", "请假"}, {"来不了", "请假"},
      {"请假", "请假"},     {"我会参加", "参加"}, {"准时参加", "参加"}, {"会参加", "参加"}, {"我参加", "参加"},
      {"可以参加", "参加"}, {"能参加", "参加"},   {"参加", "参加"}};
  RsvpText rsvp;
  std::size_t word_length = 0;
  for (const auto& [word, answer] : words) {
    if (text.starts_with(word)) {
      rsvp.answer = std::string(answer);
      word_length = word.size();
      break;
    }
  }
  if (word_length == 0) return std::nullopt;
  if (text.back() == '?' || text.ends_with("？") || text.find("吗") != std::string_view::npos) return std::nullopt;
  std::string rest(core::trim(text.substr(word_length)));
  while (!rest.empty() && (rest.front() == ',' || rest.starts_with("，"))) rest = std::string(core::trim(rest.substr(rest.front() == ',' ? 1 : 3)));
  rsvp.thread = core::find_thread_reference(rest);
  if (rsvp.thread) rest = std::string(core::trim(core::without_thread_reference(rest)));
  if (rsvp.answer == "参加") {
    // "2人", "两人", "2位", "3个人"
    static const std::vector<std::pair<std::string, int>> counts = {
        {"1", 1}, {"一", 1}, {"2", 2}, {"两", 2}, {"二", 2}, {"3", 3}, {"三", 3}, {"4", 4}, {"四", 4}, {"5", 5}, {"五", 5}};
    for (const auto& [word, n] : counts) {
      for (const char* unit : {"人", "位", "个人"}) {
        if (rest.starts_with(word + unit)) {
          rsvp.people = n;
          rest = std::string(core::trim(std::string_view(rest).substr(word.size() + std::string_view(unit).size())));
        }
      }
    }
  }
  rsvp.note = rest;
  return rsvp;
}

void register_commands(Registry& registry) {
  for (const std::string kind : {"家长会", "开放日", "家委会会议"}) {
    const std::string alias = kind == "家长会" ? "meeting" : kind == "开放日" ? "open-day" : "committee-meeting";
    registry.add({.name = kind, .aliases = {alias}, .usage = "/" + kind + " <时间> <地点> [主题]",
                  .summary = "安排" + kind + "，收集家长回复（参加/请假）",
                  .run = [kind](Context& ctx, const core::ParsedCommand& c) { create(ctx, c, kind); }});
  }
  registry.add({.name = "参加", .aliases = {"rsvp"}, .usage = "/参加 [#编号] [2人]（或直接回复“参加”“请假 原因”）",
                .summary = "回复会议：参加或请假",
                .run = [](Context& ctx, const core::ParsedCommand& c) {
                  const std::string rest(core::trim(core::without_thread_reference(c.args)));
                  const bool away = read_rsvp(rest) && read_rsvp(rest)->answer == "请假";
                  answer_reply_as(ctx, ReplyOrder::meeting_rsvp, core::find_thread_reference(c.args),
                                  away ? rest : "参加 " + rest);
                }});
  registry.add({.name = "参会", .aliases = {"rsvps"}, .usage = "/参会 [#编号]",
                .summary = "会议的参加、请假和未回复情况", .run = show_status});
  registry.add({.name = "会议记录", .aliases = {"minutes"}, .usage = "/会议记录 #编号 [内容]",
                .summary = "追加会议记录（可多次）；只写编号则查看（私聊）", .run = keep_minutes});
  registry.add_reply_kind(rsvp_reply_kind());
  registry.add_reminder_kind({"meeting_remind", fire_reminder});
  registry.add_cancel_hook("meeting", on_cancel);
  registry.add_summary(waiting_for_me);
}

}  // namespace jiaxiao::handlers::meeting
