#pragma once
// What people are told when the outbox cannot reach a chat any more: shared by every platform whose
// API says a group is gone or the bot was removed from it (WeCom 93000/86003, QQ GROUP_DEL_ROBOT).

#include <cstdint>
#include <vector>

#include "bot/core/message.hpp"
#include "store/database.hpp"

namespace jiaxiao::handlers {

/// Marks the chat unreachable; the first time, returns a private note to each teacher of its class
/// (none when it is not a class group or was already marked). The caller queues them.
std::vector<core::OutgoingMessage> chat_unreachable(store::Database& db, const core::ChatRef& chat, std::int64_t now_ms);

}  // namespace jiaxiao::handlers
