#pragma once
// What a feature plugs into: command specs with their Chinese names and aliases, the kinds of
// bare replies (收到, 参加, 1, +1), and the context a handler works in. Handlers know nothing of HTTP,
// JSON or platforms: they read and write the store and queue OutgoingMessages.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/command.hpp"
#include "bot/core/message.hpp"
#include "config/config.hpp"
#include "handlers/access.hpp"
#include "handlers/permissions.hpp"
#include "store/database.hpp"
#include "bot/core/platform.hpp"
#include "bot/core/text.hpp"
#include "store/reminders.hpp"
#include "store/threads.hpp"

namespace jiaxiao::handlers {

class Registry;

/// Everything one handler call may use. Lives for one message; the caller commits the handler's
/// writes and `outgoing` in one transaction, so a handler must not open transactions itself.
struct Context {
  const core::IncomingMessage& message;
  const std::string& text;  // the message text after normalise()
  store::Database& db;
  const config::Settings& settings;  // the school's and the features' settings (no secrets)
  const core::Platforms& platforms;  // what each platform can do (ask; never compare a platform's name)
  const core::Clock& clock;
  const Registry& registry;
  const Access& access;  // who the sender is here
  std::vector<core::OutgoingMessage>& outgoing;
  std::int64_t message_row = 0;  // the stored message's id
  /// The #N thread the message belongs to (set through tie_to); stored with the message when the
  /// handler succeeds, in the same write that marks it acted on.
  std::optional<std::int64_t> tied_thread = std::nullopt;

  /// Ties the message to thread #N (an acknowledgement, an RSVP, a ballot, a sign-up).
  void tie_to(std::int64_t number) { tied_thread = number; }

  /// Opens a new #N of `kind` ("notice", "meeting", …) started by the sender in this chat, for `class_id`
  /// when given; returns its number.
  std::int64_t open_thread(const std::string& kind, const std::string& title, std::optional<std::int64_t> class_id);
  /// Queues a reply to the chat the message came from, answering that message.
  void reply(std::string text, std::optional<std::int64_t> thread = std::nullopt);
  /// A piece of `text` as the member typed it (full-width punctuation kept): what is stored and shown of
  /// titles, comments and notes (SPEC §2.1: normalisation is only for reading).
  std::string typed(std::string_view piece) const { return core::as_typed(message.text, piece); }
  /// Queues `note` to the sender alone: the reply in a private chat; from a group, a private message where
  /// the platform can send one, else (when `or_in_group`) a reply in the group, else nothing.
  void tell_sender(std::string note, bool or_in_group);
  /// What the platform of the message's chat can do.
  const core::Capabilities& here() const { return platforms.of(message.chat.platform); }
  /// Queues a message to any chat.
  void send(core::OutgoingMessage out_message) { outgoing.push_back(std::move(out_message)); }
};

/// Everything a firing reminder may use. The caller marks the reminder done and commits `outgoing`
/// in the same transaction, so a reminder fires exactly once.
struct ReminderContext {
  const store::ReminderRow& reminder;
  store::Database& db;
  const config::Settings& settings;
  const core::Platforms& platforms;
  const core::Clock& clock;
  std::vector<core::OutgoingMessage>& outgoing;
};

/// What a kind of reminder posts when it falls due (e.g. "custom" for /提醒).
struct ReminderKind {
  std::string kind;
  std::function<void(ReminderContext&)> fire;
};

/// A command: `name` is the Chinese word typed after '/', `aliases` the English ones.
struct CommandSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string usage;    // e.g. "/帮助 [命令]"
  std::string summary;  // one line for the /帮助 list
  std::function<void(Context&, const core::ParsedCommand&)> run;
  /// Who may use it; Registry::add fills it from permission_table() (tests may set their own).
  const Permission* permission = nullptr;
};

/// The kinds of bare reply (not a command), in the order SPEC §2.1 rule 3 tries their words: the first
/// kind whose words fit and that has an item waiting decides. This enum is the one place that shows the
/// order. RSVP words come first so that an ack word in front of them ("好的，准时参加") stays an RSVP.
enum class ReplyOrder {
  meeting_rsvp = 10,  // 参加, 请假, also after an ack word ("好的，准时参加"): the upcoming 家长会 / 开放日
  notice_ack = 20,    // 收到, 已阅, 好的…: the open 告家长书 of the sender's students
  poll_ballot = 30,   // 1, 1 3: an open 投票
  signup_join = 40,   // +1, 接龙, -1, a pasted 接龙 list: an open 接龙
};

/// An item a reply may answer: a letter, meeting, poll or sign-up, as the bot names it when it asks.
struct ReplyTarget {
  std::int64_t number = 0;
  std::string title;      // "家长会（12月4日 15:30）", "《寒假安全》"
  bool awaiting = true;   // the sender's family has not answered it yet
};

/// What answering one item came to (handlers/replies.cpp decides who is told, and where).
struct ReplyOutcome {
  bool counted = false;    // the reply was recorded on the item
  std::string note;        // what to tell the sender: a confirmation, a reason, a hint ("" : nothing)
  bool must_tell = false;  // tell the sender even from a group (late, full, closed): privately where possible
};

/// What a feature does with the bare replies of its kind (SPEC §2.1). The reading order itself is in
/// handlers/replies.cpp; a feature only reads its words and answers its items.
struct ReplyKind {
  std::string name;         // "notice_ack", for logs and tests
  ReplyOrder order;
  std::string thread_kind;  // the threads.kind it answers ("notice"): a #N or a quote of one comes here
  /// Rule 3: whether the (normalised, #N-free) words are of this kind. Pure.
  std::function<bool(std::string_view)> words = nullptr;
  /// Rule 4: the items the sender may answer now in the message's scope (the group's class, or every
  /// class of the sender's students in a private chat), soonest first.
  std::function<std::vector<ReplyTarget>(Context&)> open = nullptr;
  /// Records the reply `words` (normalised, without the #N) on item `number`; a closed, cancelled or
  /// foreign item gets a reason, not a record.
  std::function<ReplyOutcome(Context&, std::int64_t number, std::string_view words)> answer = nullptr;
  /// Rule 4 with several open items: true answers each one awaiting (letters: they have read the group),
  /// false asks which.
  bool several_answer_all = false;
  /// Whether only guardians answer (a sign-up takes anyone): an unbound sender is told to /绑定.
  bool needs_ward = true;
  /// How to answer item #N of this kind, "{N}" standing for its number: “回复“参加 #{N}”…”.
  std::string gesture = {};
  /// What to say when nothing of this kind waits for the sender.
  std::string nothing_open = {};
  /// Rule 8: the item a reply naming none meant when nothing is open but it closed lately; may be empty.
  std::function<std::optional<std::int64_t>(Context&)> lately_closed = nullptr;
  /// Rule 6: passes the sender's question in `words` about item #N to its creator (家长提问); may be empty.
  std::function<ReplyOutcome(Context&, std::int64_t number, std::string_view words)> question = nullptr;
};

/// The table of commands and reply kinds; filled once at start by register_all(), then read-only
/// (safe to share between threads after that).
class Registry {
 public:
  /// Adds a command; throws std::logic_error when its name or an alias is taken or the permission
  /// table has no entry for it (programming errors).
  void add(CommandSpec spec);
  /// Adds a kind of bare reply at its place in ReplyOrder; throws std::logic_error when that place is taken.
  void add_reply_kind(ReplyKind kind);
  /// Adds a reminder kind; throws std::logic_error when the kind is taken.
  void add_reminder_kind(ReminderKind kind);
  /// The reminder kind of that name; nullptr if none.
  const ReminderKind* reminder_kind(std::string_view kind) const;
  /// What cancelling a thread of `kind` does besides dropping its reminders (/取消 #N).
  void add_cancel_hook(std::string kind, std::function<void(Context&, const store::ThreadRow&)> hook);
  const std::function<void(Context&, const store::ThreadRow&)>* cancel_hook(std::string_view kind) const;
  /// A line (or none) a feature adds to /我的: what waits for the sender.
  void add_summary(std::function<std::string(Context&)> summary);
  const std::vector<std::function<std::string(Context&)>>& summaries() const { return summaries_; }
  /// The command with this name or alias (aliases compare ASCII case-insensitively); nullptr if none.
  const CommandSpec* find(std::string_view name) const;
  /// The known name or alias closest to `name`, when it is close enough to be a likely typo.
  std::optional<std::string> nearest(std::string_view name) const;
  const std::vector<CommandSpec>& commands() const { return commands_; }
  /// The kinds of bare reply, in ReplyOrder.
  const std::vector<ReplyKind>& reply_kinds() const { return reply_kinds_; }
  /// The kind of bare reply at that place; nullptr when no feature registered it.
  const ReplyKind* reply_kind(ReplyOrder order) const;

 private:
  std::vector<CommandSpec> commands_;
  std::vector<ReplyKind> reply_kinds_;
  std::vector<ReminderKind> reminder_kinds_;
  std::vector<std::pair<std::string, std::function<void(Context&, const store::ThreadRow&)>>> cancel_hooks_;
  std::vector<std::function<std::string(Context&)>> summaries_;
};

/// Registers every feature's commands and hooks (the one list of features: register_all.cpp). Loads
/// the letter templates named by the config; throws std::runtime_error when they do not load.
void register_all(Registry& registry, const config::Settings& settings);

/// A member's words quoted in a reply: “…”, cut to 30 characters (SPEC §3), so a reply never repeats a
/// flood back into the group.
std::string quote_input(std::string_view member_input);

/// The one-line answer to wrong use: the reason, then the usage line.
std::string usage_error(const CommandSpec& spec, std::string_view reason);

}  // namespace jiaxiao::handlers
