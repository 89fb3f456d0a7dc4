#pragma once
// What people are told when the outbox cannot deliver: a chat the platform says is gone (WeCom
// 93000/86003, QQ GROUP_DEL_ROBOT), and messages given up after waiting too long for a way out (a QQ
// official group without a parent's @-message, a WeCom group without a robot key).

#include <chrono>
#include <cstdint>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/platform.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::handlers {

/// Marks the chat unreachable; the first time, returns a private note to each teacher of its class
/// (none when it is not a class group or was already marked). The caller queues them.
std::vector<core::OutgoingMessage> chat_unreachable(store::Database& db, const core::Platforms& platforms,
                                                    const core::ChatRef& chat, std::int64_t now_ms);

/// Why messages were given up: they waited for a reply window or a push key, or the platform kept
/// refusing or failing them.
enum class GiveUpReason { no_way_out, platform_failing };

/// Private notes about group messages given up after `waited` (see GiveUpReason): one for each person
/// and group, to whoever started each #N, or to the class's teachers for a message of no #N. Messages to
/// private chats are not reported (the note would go the same way). The caller queues them.
std::vector<core::OutgoingMessage> undelivered_notes(store::Database& db, const core::Platforms& platforms,
                                                     const std::vector<store::OutboxItem>& items,
                                                     std::chrono::milliseconds waited,
                                                     GiveUpReason reason = GiveUpReason::no_way_out);

}  // namespace jiaxiao::handlers
