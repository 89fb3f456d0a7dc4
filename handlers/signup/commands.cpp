#include "handlers/signup/commands.hpp"

#include <charconv>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "handlers/audience.hpp"
#include "handlers/reading.hpp"
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
  const std::string title(core::trim(text));
  if (title.empty()) return ctx.reply(usage_error(spec, "请写接龙的标题，例如：/接龙 周六志愿者 上限:10"));

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

// "+1 备注", "接龙 备注", "-1"
bool join_or_leave(Context& ctx) {
  const std::string_view text = ctx.text;
  const bool join = text.starts_with("+1") || text.starts_with("接龙");
  const bool leave = text.starts_with("-1");
  if ((!join && !leave) || !ctx.access.klass) return false;
  std::string rest(core::trim(text.substr(text.starts_with("接龙") ? std::string_view("接龙").size() : 2)));
  store::Signups signups(ctx.db.sql());
  std::optional<store::SignupRow> s;
  if (auto n = core::find_thread_reference(rest)) {
    s = signups.find(*n);
    if (!s || s->class_id != ctx.access.klass->id || !s->open()) return false;
    rest = std::string(core::trim(core::without_thread_reference(rest)));
  } else {
    const auto open = signups.open_for_class(ctx.access.klass->id);
    if (open.empty()) return false;
    s = open.front();
  }
  const std::int64_t now = ctx.clock.now_ms();
  if (leave) {
    if (!signups.leave(s->number, ctx.access.member_id)) {
      ctx.reply("你不在 " + ref(*s) + "里。");
      return true;
    }
  } else {
    const auto entries = signups.entries(s->number);
    const bool already = std::any_of(entries.begin(), entries.end(),
                                     [&](const store::SignupEntry& e) { return e.member_id == ctx.access.member_id; });
    if (!already && s->capacity && static_cast<int>(entries.size()) >= *s->capacity) {
      ctx.reply(ref(*s) + " 已满（" + std::to_string(*s->capacity) + " 人）。");
      return true;
    }
    signups.join(s->number, {ctx.access.member_id, label_of(ctx, s->class_id), rest, now});
    if (s->capacity && static_cast<int>(signups.entries(s->number).size()) >= *s->capacity) {
      signups.close(s->number, now);
      post_list(ctx.db, *signups.find(s->number), "已满 " + std::to_string(*s->capacity) + " 人，接龙结束。", now, ctx.outgoing);
      ctx.tie_to(s->number);
      return true;
    }
  }
  ctx.tie_to(s->number);
  list_changed(ctx, *signups.find(s->number));
  return true;
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
    if (group == ctx.message.chat) continue;
    push(ctx.outgoing, group, "【取消】" + ref(*s) + "（" + s->title + "）已取消。", s->number);
  }
}

}  // namespace

void register_commands(Registry& registry) {
  registry.add({.name = "接龙", .aliases = {"signup"}, .usage = "/接龙 <标题> [截止:<时间>] [上限:<人数>]",
                .summary = "发起接龙；家长回复“+1 备注”加入，“-1”退出", .run = create});
  registry.add_reply_hook({"signup_join", ReplyOrder::signup_join, join_or_leave});
  registry.add_reminder_kind({"signup_list", fire_list});
  registry.add_reminder_kind({"signup_close", fire_close});
  registry.add_cancel_hook("signup", on_cancel);
}

}  // namespace jiaxiao::handlers::signup
