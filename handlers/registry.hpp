#pragma once
// What a feature plugs into: command specs with their Chinese names and aliases, reply hooks for
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

/// The order in which a bare reply (not a command) is offered to the features: the first hook that
/// takes it wins. This enum is the one place that shows the order (SPEC §2.1 "How a reply is read").
enum class ReplyOrder {
  notice_ack = 10,    // 收到, 已阅, 好的…: the open 告家长书 of the class
  meeting_rsvp = 20,  // 参加, 请假: the open 家长会 / 开放日
  poll_ballot = 30,   // 1, 1 3: an open 投票
  signup_join = 40,   // +1, 接龙, -1: an open 接龙
};

/// Sees a message that is not a command; returns true when it took the message (no other hook runs).
struct ReplyHook {
  std::string name;
  ReplyOrder order;
  std::function<bool(Context&)> run;
};

/// The table of commands and reply hooks; filled once at start by register_all(), then read-only
/// (safe to share between threads after that).
class Registry {
 public:
  /// Adds a command; throws std::logic_error when its name or an alias is taken or the permission
  /// table has no entry for it (programming errors).
  void add(CommandSpec spec);
  /// Adds a reply hook at its place in ReplyOrder; throws std::logic_error when that place is taken.
  void add_reply_hook(ReplyHook hook);
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
  /// The reply hooks, in ReplyOrder.
  const std::vector<ReplyHook>& reply_hooks() const { return hooks_; }

 private:
  std::vector<CommandSpec> commands_;
  std::vector<ReplyHook> hooks_;
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
