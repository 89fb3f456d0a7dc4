#include "handlers/replies.hpp"

#include <algorithm>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "handlers/fallback.hpp"
#include "handlers/reading.hpp"
#include "store/binding_requests.hpp"
#include "store/questions.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "store/threads.hpp"

namespace jiaxiao::handlers {

namespace {

/// "{N}" in a kind's gesture replaced by the item's number.
std::string gesture_for(const ReplyKind& kind, std::int64_t number) {
  std::string text = kind.gesture;
  const std::string n = std::to_string(number);
  for (auto at = text.find("{N}"); at != std::string::npos; at = text.find("{N}", at + n.size())) text.replace(at, 3, n);
  return text;
}

const ReplyKind* kind_of_thread(const Registry& registry, std::string_view thread_kind) {
  for (const auto& kind : registry.reply_kinds()) {
    if (kind.thread_kind == thread_kind) return &kind;
  }
  return nullptr;
}

/// Rule 3: the first kind, in ReplyOrder, whose words these are.
const ReplyKind* kind_of_words(const Registry& registry, std::string_view words) {
  for (const auto& kind : registry.reply_kinds()) {
    if (kind.words && kind.words(words)) return &kind;
  }
  return nullptr;
}

/// Whether item kinds of this order take a bare 1 (rule 5: an ack or a ballot).
bool takes_bare_one(const ReplyKind& kind) {
  return kind.order == ReplyOrder::notice_ack || kind.order == ReplyOrder::poll_ballot;
}

/// Says what came of a reply: in a private chat everything; from a group, what must be told (late, full,
/// closed) reaches the sender privately or in the group, a hint (nothing counted) privately or not at
/// all, and a plain record nothing (a class has 50 families).
void settle(Context& ctx, const std::vector<ReplyOutcome>& outcomes) {
  std::vector<std::string> notes;
  bool counted = false, must_tell = false;
  for (const auto& o : outcomes) {
    counted = counted || o.counted;
    must_tell = must_tell || o.must_tell;
    if (!o.note.empty()) notes.push_back(o.note);
  }
  if (notes.empty()) return;
  const std::string note = core::join(notes, "\n");
  if (ctx.message.chat.kind == core::ChatKind::private_chat || must_tell) return ctx.tell_sender(note, true);
  if (!counted) ctx.tell_sender(note, false);
}

/// Answers items `numbers` of `kind`, and the question in the words (rule 6) about the first of them.
void answer_items(Context& ctx, const ReplyKind& kind, const std::vector<std::int64_t>& numbers, std::string_view words) {
  std::vector<ReplyOutcome> outcomes;
  for (const auto number : numbers) outcomes.push_back(kind.answer(ctx, number, words));
  const bool any_counted = std::any_of(outcomes.begin(), outcomes.end(), [](const ReplyOutcome& o) { return o.counted; });
  if (kind.question && any_counted && asks_question(words)) outcomes.push_back(kind.question(ctx, numbers.front(), words));
  settle(ctx, outcomes);
}

constexpr const char* bind_first =
    "你的回复还没有计入：请先绑定孩子，发送“/绑定 孩子姓名 关系”，例如 /绑定 张小明 妈妈，然后再回复一次。";

/// Whether the sender has no student for whom a reply of `kind` would count (and is no teacher).
bool unbound_for(const Context& ctx, const ReplyKind& kind) {
  return kind.needs_ward && !ctx.access.guardian && !ctx.access.manages();
}

/// Rule 9 for a sender who has no student where the reply would count: a hint to /绑定, once per class.
void hint_to_bind(Context& ctx) {
  if (ctx.message.chat.kind == core::ChatKind::group && !ctx.access.klass) return;  // a group of no class: not ours
  const std::string topic = "bind:" + (ctx.access.klass ? std::to_string(ctx.access.klass->id) : std::string("private"));
  if (!store::Questions(ctx.db.sql()).take_hint(ctx.access.member_id, topic)) return;
  const bool waiting = store::BindingRequests(ctx.db.sql()).has_pending(ctx.access.member_id);
  settle(ctx, {{false, waiting ? "你的回复还没有计入：你的绑定申请还在等班主任确认，确认后再回复就会计入。" : bind_first, false}});
}

/// Rules 1 and 2: the reply names item #number (by #N or by quoting the bot). Returns false when it does
/// not decide (the item is of no kind a reply answers, or the words are no reply at all).
bool answer_addressed(Context& ctx, std::int64_t number, std::string_view words, bool named) {
  const auto thread = store::Threads(ctx.db.sql()).find(number);
  const ReplyKind* by_words = kind_of_words(ctx.registry, words);
  const bool bare_one = is_bare_one(words);
  if (!thread) {
    if (!named || (!by_words && !bare_one)) return false;
    settle(ctx, {{false, "没有找到 #" + std::to_string(number) + "，请核对编号。", false}});
    return true;
  }
  const ReplyKind* kind = kind_of_thread(ctx.registry, thread->kind);
  if (kind == nullptr) return false;  // a /提醒 or another bot message: the words decide
  if ((kind->words && kind->words(words)) || (bare_one && takes_bare_one(*kind))) {
    answer_items(ctx, *kind, {number}, words);
    return true;
  }
  if (!by_words && !bare_one) {
    // A question about the item (rule 6: "请问…？" quoting a letter) is passed on; other chat is no reply.
    if (!kind->question || !asks_question(words)) return false;
    settle(ctx, {kind->question(ctx, number, words)});
    return true;
  }
  // Words of another kind ("收到" to a meeting): nothing lands on an item the sender did not name.
  settle(ctx, {{false, "#" + std::to_string(number) + " 是“" + thread->title + "”，" + gesture_for(*kind, number) + "。", false}});
  return true;
}

/// The one line that asks which item a reply means (rule 4), with the sender's own words as the example.
void ask_which(Context& ctx, std::vector<ReplyTarget> items, std::string_view example_words) {
  std::sort(items.begin(), items.end(), [](const ReplyTarget& a, const ReplyTarget& b) { return a.number < b.number; });
  std::vector<std::string> listed;
  for (const auto& item : items) listed.push_back("#" + std::to_string(item.number) + " " + item.title);
  std::string example = core::cut(core::trim(example_words), 12);
  ctx.tell_sender("你的回复还没有记下：现在有 " + std::to_string(items.size()) + " 项在等回复（" + core::join(listed, "；") +
                      "），请带上编号再发一次，例如“" + example + " #" + std::to_string(items.front().number) + "”。",
                  true);
}

/// Rule 5: what a bare 1 is. nullptr when it is nothing, or when the sender was asked (`asked`).
const ReplyKind* kind_of_one(Context& ctx, bool& asked) {
  const ReplyKind* ack = ctx.registry.reply_kind(ReplyOrder::notice_ack);
  const ReplyKind* ballot = ctx.registry.reply_kind(ReplyOrder::poll_ballot);
  std::vector<ReplyTarget> letters, polls;
  if (ack != nullptr) {
    for (auto& item : ack->open(ctx)) {
      if (item.awaiting) letters.push_back(std::move(item));
    }
  }
  if (ballot != nullptr) polls = ballot->open(ctx);
  if (!letters.empty() && polls.empty()) return ack;
  if (letters.empty() && !polls.empty()) return ballot;
  if (letters.empty()) return nullptr;
  std::vector<ReplyTarget> both = letters;
  both.insert(both.end(), polls.begin(), polls.end());
  std::vector<std::string> listed;
  for (const auto& item : both) listed.push_back("#" + std::to_string(item.number) + " " + item.title);
  ctx.tell_sender("你回复的“1”还没有记下：现在既有告家长书等回执，又有投票（" + core::join(listed, "；") +
                      "）。回执请回复“收到”，投票请回复“1 #" + std::to_string(polls.front().number) + "”。",
                  true);
  asked = true;
  return nullptr;
}

/// Rules 4 and 8: the words are of `kind` and name no item. With nothing open nor lately closed, returns
/// false without a word unless `last` (then the sender may get a hint): the words may be of a later kind.
bool answer_open(Context& ctx, const ReplyKind& kind, std::string_view words, bool last) {
  const auto open = kind.open(ctx);
  if (open.empty()) {
    if (kind.lately_closed) {
      if (const auto late = kind.lately_closed(ctx)) {
        answer_items(ctx, kind, {*late}, words);
        return true;
      }
    }
    if (!last) return false;
    if (unbound_for(ctx, kind)) {
      hint_to_bind(ctx);
      return true;
    }
    // Nothing waits: said in a private chat, or to a sender who @-mentioned the bot; other chat is none of
    // the bot's business ("好的" between parents).
    if (ctx.message.chat.kind == core::ChatKind::private_chat || ctx.message.mentions_bot)
      settle(ctx, {{false, kind.nothing_open, false}});
    return true;
  }
  if (open.size() == 1) {
    answer_items(ctx, kind, {open.front().number}, words);
    return true;
  }
  if (!kind.several_answer_all) {
    ask_which(ctx, open, words);
    return true;
  }
  std::vector<std::int64_t> numbers;
  for (const auto& item : open) {
    if (item.awaiting) numbers.push_back(item.number);
  }
  if (numbers.empty()) numbers.push_back(open.front().number);  // all answered: this guardian's answer is kept too
  answer_items(ctx, kind, numbers, words);
  return true;
}

/// Rules 3 and 4 over the kinds whose words these are: the first with an item waiting (or lately closed)
/// takes the reply ("收到，参加" with no meeting open acknowledges the letter).
void answer_by_words(Context& ctx, const std::vector<const ReplyKind*>& kinds, std::string_view words) {
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (answer_open(ctx, *kinds[i], words, false)) return;
  }
  if (!kinds.empty()) answer_open(ctx, *kinds.front(), words, true);
}

}  // namespace

std::vector<std::int64_t> classes_in_scope(Context& ctx, bool roles) {
  if (ctx.access.klass) return {ctx.access.klass->id};
  std::vector<std::int64_t> classes;
  const auto add = [&](std::int64_t id) {
    if (std::find(classes.begin(), classes.end(), id) == classes.end()) classes.push_back(id);
  };
  for (const auto& w : store::Roster(ctx.db.sql()).wards(ctx.access.member_id)) add(w.student.class_id);
  if (roles) {
    for (const auto id : store::Roles(ctx.db.sql()).classes_of(ctx.access.member_id)) add(id);
  }
  return classes;
}

bool asks_question(std::string_view text) {
  return text.find('?') != std::string_view::npos || text.find("？") != std::string_view::npos ||
         text.find("吗") != std::string_view::npos || text.find("请问") != std::string_view::npos;
}

void answer_reply(Context& ctx) {
  const auto named = core::find_thread_reference(ctx.text);
  const std::string words(core::trim(named ? core::without_thread_reference(ctx.text) : ctx.text));
  if (named) {
    if (answer_addressed(ctx, *named, words, true)) return;
  } else if (const auto quoted = quoted_thread(ctx.db, ctx.message)) {
    if (answer_addressed(ctx, *quoted, words, false)) return;
  }
  std::vector<const ReplyKind*> kinds;
  if (is_bare_one(words)) {
    bool asked = false;
    if (const ReplyKind* kind = kind_of_one(ctx, asked)) kinds.push_back(kind);
    if (asked) return;
  } else {
    for (const auto& kind : ctx.registry.reply_kinds()) {
      if (kind.words && kind.words(words)) kinds.push_back(&kind);
    }
  }
  if (kinds.empty()) return answer_unclaimed(ctx);
  answer_by_words(ctx, kinds, words);
}

void answer_reply_as(Context& ctx, ReplyOrder order, std::optional<std::int64_t> number, std::string_view words) {
  const ReplyKind* kind = ctx.registry.reply_kind(order);
  if (kind == nullptr) return;
  if (!number) {
    // A command is always answered.
    if (unbound_for(ctx, *kind)) return ctx.reply(bind_first);
    if (kind->open(ctx).empty() && !(kind->lately_closed && kind->lately_closed(ctx))) return ctx.reply(kind->nothing_open);
    answer_open(ctx, *kind, words, true);
    return;
  }
  const auto thread = store::Threads(ctx.db.sql()).find(*number);
  if (!thread || thread->kind != kind->thread_kind) {
    const ReplyKind* other = thread ? kind_of_thread(ctx.registry, thread->kind) : nullptr;
    return ctx.reply(!thread  ? "没有找到 #" + std::to_string(*number) + "，请核对编号。"
                     : other ? "#" + std::to_string(*number) + " 是“" + thread->title + "”，" + gesture_for(*other, *number) + "。"
                             : "#" + std::to_string(*number) + " 不需要这样回复。");
  }
  answer_items(ctx, *kind, {*number}, words);
}

}  // namespace jiaxiao::handlers
