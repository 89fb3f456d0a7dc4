#pragma once
// The bot added to a group or removed from it (QQ GROUP_ADD_ROBOT / GROUP_DEL_ROBOT): recorded on the
// database thread before the platform is answered.

#include <cstddef>

#include "bot/adapters/adapter.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/platform.hpp"
#include "bot/net/db_worker.hpp"

namespace jiaxiao::app {

/// Added: the chat is reachable again. Removed: it is marked unreachable and, the first time, its
/// class's teachers are told in private (notes queued in the same transaction). Returns how many notes
/// were queued. Throws when the database fails (the caller answers 5xx so the platform retries).
net::awaitable<std::size_t> record_membership(net::DbWorker& worker, const core::Platforms& platforms,
                                              const core::Clock& clock, adapters::Membership membership);

}  // namespace jiaxiao::app
