#pragma once
// Floods (SPEC §3): the bot answers one member in one group at most `outbox.replies_per_member_per_minute`
// times a minute; teachers, chairs and admins are not limited. What is over the budget is dropped and
// counted, so one member's chatter can neither flood the group nor queue the class's letters behind it.

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "bot/core/message.hpp"
#include "handlers/access.hpp"

namespace jiaxiao::handlers {

/// Thread: one at a time (the database thread that acts on messages); dropped() from any thread.
/// Memory: the answers of the last minute, per member answered in it.
class ReplyBudget {
 public:
  /// `per_minute` 0: no limit.
  explicit ReplyBudget(int per_minute) : per_minute_(per_minute) {}

  /// Keeps the answers to `message` in `outgoing` that its sender's budget allows at `now_ms` and drops
  /// the rest (messages to other chats, or not answering it, are never dropped). Returns how many it dropped.
  std::size_t apply(const core::IncomingMessage& message, const Access& access,
                    std::vector<core::OutgoingMessage>& outgoing, std::int64_t now_ms);
  /// Answers dropped since start.
  std::uint64_t dropped() const { return dropped_; }

 private:
  int per_minute_;
  std::map<std::tuple<std::string, std::string, std::string>, std::deque<std::int64_t>> answered_;  // chat, member
  std::int64_t next_sweep_ms_ = 0;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace jiaxiao::handlers
