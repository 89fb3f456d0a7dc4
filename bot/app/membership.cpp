#include "bot/app/membership.hpp"

#include "bot/core/log.hpp"
#include "handlers/delivery.hpp"
#include "store/chats.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::app {

net::awaitable<std::size_t> record_membership(net::DbWorker& worker, const core::Platforms& platforms,
                                              const core::Clock& clock, adapters::Membership membership) {
  std::function<std::size_t(store::Database&)> record = [&platforms, &clock, membership](store::Database& db) {
    const std::int64_t now = clock.now_ms();
    SQLite::Transaction transaction(db.sql());
    std::size_t queued = 0;
    if (membership.bot_present) {
      store::Chats(db.sql()).mark_reachable(membership.chat);
    } else {
      for (const auto& note : handlers::chat_unreachable(db, platforms, membership.chat, now)) {
        store::Outbox(db.sql()).enqueue(note, now);
        ++queued;
      }
    }
    transaction.commit();
    return queued;
  };
  const std::size_t queued = co_await worker.run(std::move(record));
  core::log::info(membership.bot_present ? "bot_added_to_group" : "bot_removed_from_group", "platform",
                  membership.chat.platform, "notes", queued);
  co_return queued;
}

}  // namespace jiaxiao::app
