#pragma once
// What the bot says when no feature takes a message, when a handler failed, and when a reminder could
// not fire in time: chat text belongs to the handlers, so the router asks here.

#include <optional>
#include <string_view>

#include "bot/core/message.hpp"
#include "handlers/registry.hpp"
#include "store/reminders.hpp"

namespace jiaxiao::handlers {

/// A message no command or reply hook took: nothing in a group (ordinary chat is none of the bot's
/// business); in a private chat, how to start.
void answer_unclaimed(Context& ctx);
/// A message from an anonymous sender (no id: OneBot's anonymous group chat): it binds, answers and votes
/// for no one; a command, an @-message or a quoting reply is told so, other chat gets nothing.
void answer_anonymous(Context& ctx);
/// "/xyz" that is no command: the nearest command when it looks like a typo, and /帮助.
void answer_unknown_command(Context& ctx, std::string_view name);
/// The apology to a sender whose message could not be acted on (its handler failed and was rolled back).
core::OutgoingMessage try_again(const core::IncomingMessage& message);
/// The note to a reminder's creator when it fell due while the service was down and its event is over;
/// nullopt when it has no #N or the creator is unknown.
std::optional<core::OutgoingMessage> missed_reminder_note(store::Database& db, const store::ReminderRow& reminder);

}  // namespace jiaxiao::handlers
