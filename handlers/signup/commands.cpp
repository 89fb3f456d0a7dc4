#include "handlers/signup/commands.hpp"

#include <algorithm>
#include <charconv>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "handlers/audience.hpp"
#include "handlers/reading.hpp"
#include "handlers/replies.hpp"
#include "store/signups.hpp"
#include "store/threads.hpp"
#include "store/messages.hpp"
#include "store/polls.hpp"
#include "store/reminders.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::signup {

namespace {

constexpr std::int64_t list_gap_ms = 60'000;  // the list is posted at most once a minute

std::string ref(const store::SignupRow& s) { return "#" + std::to_string(s.number) + " 接龙"; }

std::string list_text(store::Database& db, const store::SignupRow& s, const std::string& closing) {
  const auto entries = store::Signups(db.sql()).entries(s.number);
  std::string text = "【接龙 #" + std::to_string(s.number) + "】" + s.title + "（" + std::to_string(entries.size()) + " 人";
  if (s.capacity) text += "，上限 " + std::to_string(*s.capacity) + " 人";
  text += "）";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    text += "\n" + std::to_string(i + 1) + ". " + entries[i].label + (entries[i].note.empty() ? "" : " " + entries[i].note);
  }
  if (!closing.empty()) text += "\n" + closing;
  return text;
}

void post_list(store::Database& db, const store::SignupRow& s, const std::string& closing, std::int64_t now,
               std::vector<core::OutgoingMessage>& out) {
  for (const auto& group : class_groups(db, s.class_id)) push(out, group, list_text(db, s, closing), s.number);
  store::Signups(db.sql()).mark_posted(s.number, now);
}

/// After a change: post now if the last post is a minute old, else once when the minute is over.
void list_changed(Context& ctx, const store::SignupRow& s) {
  const std::int64_t now = ctx.clock.now_ms();
  if (s.list_due) return;  // a post is already on its way
  if (!s.last_posted_at || now - *s.last_posted_at >= list_gap_ms) return post_list(ctx.db, s, "", now, ctx.outgoing);
  store::Signups(ctx.db.sql()).set_list_due(s.number, true);
  store::Reminders(ctx.db.sql()).add({0, s.number, "signup_list", *s.last_posted_at + list_gap_ms, "pending", std::nullopt, "", std::nullopt}, now);
}

// /接龙 <标题> [截止:<时间>] [上限:<N>]
void create(Context& ctx, const core::ParsedCommand& command) {
  const CommandSpec& spec = *ctx.registry.find("接龙");
  const std::int64_t now = ctx.clock.now_ms();
  std::string text = command.args;
  auto taken = take_deadline(text, now, ctx.settings.timezone);
  if (!taken) return ctx.reply(usage_error(spec, taken.error()));
  const std::optional<core::TimeReading> deadline = *taken;
  std::optional<int> capacity;
  if (const auto at = text.find("上限:"); at != std::string::npos) {
    const std::size_t start = at + std::string_view("上限:").size();
    std::size_t end = start;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    int n = 0;
    if (end == start || std::from_chars(text.data() + start, text.data() + end, n).ptr != text.data() + end || n < 1 || n > 1000)
      return ctx.reply(usage_error(spec, "上限应是 1 到 1000 的人数，例如 上限:20"));
    capacity = n;
    if (end < text.size() && text.compare(end, 3, "人") == 0) end += 3;
    text.erase(at, end - at);
  }
  if (core::trim(text).empty()) return ctx.reply(usage_error(spec, "请写接龙的标题，例如：/接龙 周六志愿者 上限:10"));
  const std::string title = ctx.typed(core::trim(text));

  store::SignupRow s;
  s.number = ctx.open_thread("signup", title, ctx.access.klass->id);
  s.class_id = ctx.access.klass->id;
  s.title = title;
  s.capacity = capacity;
  if (deadline) s.deadline_at = deadline->at_ms;
  s.created_by = ctx.access.member_id;
  s.created_at = now;
  store::Signups(ctx.db.sql()).create(s);
  ctx.tie_to(s.number);
  for (const auto& group : class_groups(ctx.db, s.class_id)) {
    std::string body = "【接龙 #" + std::to_string(s.number) + "】" + title;
    std::vector<std::string> notes;
    if (capacity) notes.push_back("上限 " + std::to_string(*capacity) + " 人");
    if (deadline) notes.push_back("截止 " + deadline->echo);
    if (!notes.empty()) body += "\n（" + core::join(notes, "，") + "）";
    const std::string at = at_bot(ctx.platforms.of(group.platform));
    body += "\n" + at + "回复“+1 备注”或“接龙 备注”加入，" + at + "回复“-1”退出。";
    push(ctx.outgoing, group, std::move(body), s.number);
  }
  if (deadline) {
    store::Reminders(ctx.db.sql()).add({0, s.number, "signup_close", deadline->at_ms, "pending", std::nullopt, "", std::nullopt}, now);
  }
  ctx.reply("已发起接龙 #" + std::to_string(s.number) + "。", s.number);
}

/// How the list names a member: their children and relation when bound ("张小明妈妈"), else their name.
std::string label_of(Context& ctx, std::int64_t class_id) {
  std::string label;
  for (const auto& w : store::Roster(ctx.db.sql()).wards(ctx.access.member_id, class_id))
    label += (label.empty() ? "" : "、") + w.student.name + w.relation;
  if (!label.empty()) return label;
  return ctx.message.sender.name.empty() ? ctx.message.sender.id : ctx.message.sender.name;
}

/// How the bot's list shows an entry: "张小明妈妈 布置教室".
std::string shown(const store::SignupEntry& e) { return e.label + (e.note.empty() ? "" : " " + e.note); }

std::vector<ReplyTarget> open_signups(Context& ctx) {
  store::Signups signups(ctx.db.sql());
  std::vector<ReplyTarget> out;
  for (const auto class_id : classes_in_scope(ctx, true)) {
    for (const auto& s : signups.open_for_class(class_id)) {
      const auto entries = signups.entries(s.number);
      const bool in = std::any_of(entries.begin(), entries.end(), [&](const store::SignupEntry& e) { return e.member_id == ctx.access.member_id; });
      out.push_back({s.number, "接龙：" + core::cut(s.title, 16), !in});
    }
  }
  return out;
}

std::optional<std::int64_t> lately_closed(Context& ctx) {
  std::optional<std::int64_t> best;
  for (const auto class_id : classes_in_scope(ctx, true)) {
    for (const auto& s : store::Signups(ctx.db.sql()).all(class_id)) {
      if (s.cancelled_at || !s.closed_at || ctx.clock.now_ms() - *s.closed_at > late_window_ms) continue;
      if (!best || s.number > *best) best = s.number;
    }
  }
  return best;
}

/// The note of a pasted list's new line, as typed: the line without the sender's names in front
/// ("李华、李雷奶奶 布置教室" → "布置教室"; the children's names and the relation, in any order).
std::string pasted_note(Context& ctx, const std::string& line, std::int64_t class_id) {
  std::vector<std::string> names = {ctx.message.sender.name, "、", ",", " ", "的"};
  for (const auto& w : store::Roster(ctx.db.sql()).wards(ctx.access.member_id, class_id)) {
    names.push_back(w.student.name);
    names.push_back(w.relation);
  }
  std::string_view note = line;
  for (bool again = true; again;) {
    again = false;
    for (const auto& name : names) {
      if (!name.empty() && note.starts_with(name)) {
        note.remove_prefix(name.size());
        again = true;
      }
    }
  }
  return ctx.typed(core::trim(note));
}

ReplyOutcome join_or_leave(Context& ctx, std::int64_t number, std::string_view words) {
  const auto reply = read_signup(words);
  store::Signups signups(ctx.db.sql());
  const auto s = signups.find(number);
  if (!reply || !s) return {false, "#" + std::to_string(number) + " 不是接龙。", false};
  if (s->cancelled_at) return {false, ref(*s) + "（" + s->title + "）已取消。", true};
  const auto entries = signups.entries(s->number);
  const bool already = std::any_of(entries.begin(), entries.end(), [&](const store::SignupEntry& e) { return e.member_id == ctx.access.member_id; });
  if (s->closed_at) {
    const bool full = s->capacity && static_cast<int>(entries.size()) >= *s->capacity;
    return {false, ref(*s) + "（" + s->title + "）" + (full ? "已满 " + std::to_string(*s->capacity) + " 人" : std::string("已截止")) +
                       (already ? "，你已在名单里。" : "，没有加入。"),
            true};
  }
  const std::int64_t now = ctx.clock.now_ms();
  ctx.tie_to(s->number);
  if (!reply->join) {
    if (!signups.leave(s->number, ctx.access.member_id)) return {false, "你不在 " + ref(*s) + "（" + s->title + "）里。", true};
    list_changed(ctx, *signups.find(s->number));
    return {true, "已退出 " + ref(*s) + "。", false};
  }
  const std::string label = label_of(ctx, s->class_id);
  std::string note = reply->note.empty() ? "" : ctx.typed(reply->note);
  if (!reply->numbered.empty()) {
    std::vector<std::string> listed;
    for (const auto& e : entries) listed.push_back(shown(e));
    const auto line = new_pasted_line(reply->numbered, listed);
    if (!line && already) return {false, "你已在 " + ref(*s) + " 里，名单没有变化。", false};
    note = line ? pasted_note(ctx, *line, s->class_id) : "";
  }
  if (!already && s->capacity && static_cast<int>(entries.size()) >= *s->capacity)
    return {false, ref(*s) + " 已满（" + std::to_string(*s->capacity) + " 人），没有加入。", true};
  signups.join(s->number, {ctx.access.member_id, label, note, now});
  if (s->capacity && static_cast<int>(signups.entries(s->number).size()) >= *s->capacity) {
    signups.close(s->number, now);
    post_list(ctx.db, *signups.find(s->number), "已满 " + std::to_string(*s->capacity) + " 人，接龙结束。", now, ctx.outgoing);
  } else {
    list_changed(ctx, *signups.find(s->number));
  }
  return {true, "已加入 " + ref(*s) + "（" + s->title + "）。", false};
}

void fire_list(ReminderContext& ctx) {
  const auto s = store::Signups(ctx.db.sql()).find(ctx.reminder.thread.value_or(0));
  if (!s || !s->open() || !s->list_due) return;
  post_list(ctx.db, *s, "", ctx.clock.now_ms(), ctx.outgoing);
}

void fire_close(ReminderContext& ctx) {
  store::Signups signups(ctx.db.sql());
  const auto s = signups.find(ctx.reminder.thread.value_or(0));
  if (!s || !s->open()) return;
  signups.close(s->number, ctx.clock.now_ms());
  post_list(ctx.db, *signups.find(s->number), "接龙已截止。", ctx.clock.now_ms(), ctx.outgoing);
}

void on_cancel(Context& ctx, const store::ThreadRow& thread) {
  const auto s = store::Signups(ctx.db.sql()).find(thread.number);
  if (!s) return;
  for (const auto& group : class_groups(ctx.db, s->class_id)) {
    push(ctx.outgoing, group, "【取消】" + ref(*s) + "（" + s->title + "）已取消。", s->number);
  }
}

/// The text of a numbered line ("3. 王芳妈妈 拍照" → "王芳妈妈 拍照"); nullopt when it is not one.
std::optional<std::string> numbered_text(std::string_view line) {
  line = core::trim(line);
  std::size_t digits = 0;
  while (digits < line.size() && digits < 3 && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  std::string_view rest = line.substr(digits);
  for (std::string_view mark : {".", "、", ")", "。", " "}) {
    if (rest.starts_with(mark)) {
      rest.remove_prefix(mark.size());
      return std::string(core::trim(rest));
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<SignupReply> read_signup(std::string_view text) {
  text = core::trim(text);
  SignupReply reply;
  if (text.starts_with("+1") || text.starts_with("-1")) {
    reply.join = text.front() == '+';
    reply.note = std::string(core::trim(text.substr(2)));
    return reply;
  }
  const auto lines = core::lines_of(text);
  if (lines.size() == 1 && text.starts_with("接龙")) {
    reply.note = std::string(core::trim(text.substr(std::string_view("接龙").size())));
    return reply;
  }
  // A pasted list: a heading line naming 接龙 (WeChat's "#接龙", the bot's "【接龙 #5】…"), then numbered lines.
  bool heading = false;
  for (const auto& line : lines) {
    if (auto entry = numbered_text(line)) {
      if (heading) reply.numbered.push_back(*entry);
    } else if (line.find("接龙") != std::string::npos) {
      heading = true;
    }
  }
  if (reply.numbered.empty()) return std::nullopt;
  return reply;
}

std::optional<std::string> new_pasted_line(const std::vector<std::string>& numbered, const std::vector<std::string>& shown) {
  for (auto it = numbered.rbegin(); it != numbered.rend(); ++it) {
    if (it->empty()) continue;
    if (std::find(shown.begin(), shown.end(), *it) == shown.end()) return *it;
  }
  return std::nullopt;
}

void register_commands(Registry& registry) {
  registry.add({.name = "接龙", .aliases = {"signup"}, .usage = "/接龙 <标题> [截止:<时间>] [上限:<人数>]",
                .summary = "发起接龙；家长回复“+1 备注”加入，“-1”退出", .run = create});
  registry.add_reply_kind({.name = "signup_join",
                           .order = ReplyOrder::signup_join,
                           .thread_kind = "signup",
                           .words = [](std::string_view words) { return read_signup(words).has_value(); },
                           .open = open_signups,
                           .answer = join_or_leave,
                           .several_answer_all = false,
                           .needs_ward = false,
                           .gesture = "报名请回复“+1 #{N} 备注”，退出请回复“-1 #{N}”",
                           .nothing_open = "现在没有进行中的接龙。",
                           .lately_closed = lately_closed});
  registry.add_reminder_kind({"signup_list", fire_list});
  registry.add_reminder_kind({"signup_close", fire_close});
  registry.add_cancel_hook("signup", on_cancel);
}

}  // namespace jiaxiao::handlers::signup
