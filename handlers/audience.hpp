#pragma once
// Who a feature's messages go to and how they reach them: the class's groups, the guardians to
// @-mention, pushes held for quiet hours, and what a platform's limits mean for the parents there.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/platform.hpp"
#include "store/database.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers {

/// The class's parents' groups, on every platform, but those the bot can no longer reach and the
/// 家委会 group: letters, invitations and reminders go to all of them.
std::vector<core::ChatRef> class_groups(store::Database& db, std::int64_t class_id);
/// The class's 家委会 groups (linked with --committee or `/班级 <班级名> 家委会`).
std::vector<core::ChatRef> committee_groups(store::Database& db, std::int64_t class_id);
/// The bound guardians of these students on one platform, as mention ids.
std::vector<std::string> guardian_mentions(store::Database& db, const std::vector<store::Student>& students,
                                           const std::string& platform);
/// A note for the teacher when some of the class's groups take no pushes (a platform that never pushes,
/// or one that pushes only with a key the group has not got): there, messages wait for a parent's
/// @-message. Empty when none.
std::string held_pushes_note(store::Database& db, const core::Platforms& platforms, std::int64_t class_id);
/// Links a group to a class, as its 家委会 group when `committee` (a given webhook key replaces the
/// stored one). A new key means a new group robot: the pushes held for want of a way in are released.
void link_group(store::Database& db, const core::ChatRef& group, std::int64_t class_id,
                const std::optional<std::string>& webhook_key, std::int64_t now_ms, bool committee = false);
/// "@机器人 " where the bot hears only @-messages (parents must @ it to answer), else "".
std::string at_bot(const core::Capabilities& platform);
/// Queues a push about thread #`thread` to a chat: in a group it waits out quiet hours (parents are
/// there); a private chat gets it at once.
void push(std::vector<core::OutgoingMessage>& out, const core::ChatRef& chat, std::string text, std::int64_t thread,
          std::vector<std::string> mentions = {});

}  // namespace jiaxiao::handlers
