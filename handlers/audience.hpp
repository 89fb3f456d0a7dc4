#pragma once
// Who a feature's messages go to and how students are named in them: shared by the notice, meeting
// and later features.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/result.hpp"
#include "bot/core/time_expr.hpp"
#include "store/database.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers {

/// The class's groups, on every platform, but those the bot can no longer reach: letters, invitations
/// and reminders go to all of them.
std::vector<core::ChatRef> class_groups(store::Database& db, std::int64_t class_id);
/// The bound guardians of these students on one platform, as mention ids.
std::vector<std::string> guardian_mentions(store::Database& db, const std::vector<store::Student>& students,
                                           const std::string& platform);
/// Names as a teacher reads them; two students of one name in `all` carry their 学号.
std::vector<std::string> student_names(const std::vector<store::Student>& students,
                                       const std::vector<store::Student>& all);
/// A note for the teacher when some of the class's groups take no pushes (a QQ official bot group, a
/// WeCom group without a robot key): there, messages wait for a parent's @-message. Empty when none.
std::string held_pushes_note(store::Database& db, std::int64_t class_id);
/// A member's private chat with the bot (on their platform); nullopt when the member is unknown.
std::optional<core::ChatRef> private_chat_of(store::Database& db, std::int64_t member_id);
/// Queues a push about thread #`thread` to a chat: in a group it waits out quiet hours (parents are
/// there); a private chat gets it at once.
void push(std::vector<core::OutgoingMessage>& out, const core::ChatRef& chat, std::string text, std::int64_t thread,
          std::vector<std::string> mentions = {});

/// Takes a "截止:<时间>" option out of `text` (anywhere in it), read as a deadline; nullopt inside when
/// there is none, or the reason when the time cannot be read.
core::Parsed<std::optional<core::TimeReading>> take_deadline(std::string& text, std::int64_t now_ms,
                                                             const std::string& zone);

/// The #N of the bot's message that `message` quotes: by the quoted message's id, or by the "#N" in a
/// quote the platform gives only as text (WeCom); nullopt when it quotes none of the bot's threads.
std::optional<std::int64_t> quoted_thread(store::Database& db, const core::IncomingMessage& message);

/// Items joined with a separator (、 by default).
std::string join(const std::vector<std::string>& items, std::string_view separator = "、");

}  // namespace jiaxiao::handlers
