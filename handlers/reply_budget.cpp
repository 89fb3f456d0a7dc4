#include "handlers/reply_budget.hpp"

#include <algorithm>

namespace jiaxiao::handlers {

namespace {
constexpr std::int64_t minute_ms = 60'000;

bool exempt(const Access& access) {
  return access.admin || access.has(store::Role::teacher) || access.has(store::Role::chair);
}
}  // namespace

std::size_t ReplyBudget::apply(const core::IncomingMessage& message, const Access& access,
                               std::vector<core::OutgoingMessage>& outgoing, std::int64_t now_ms) {
  if (per_minute_ <= 0 || message.chat.kind != core::ChatKind::group || exempt(access)) return 0;
  // Forget members not answered for a minute, now and then, so the map holds only the last minute.
  if (now_ms >= next_sweep_ms_) {
    std::erase_if(answered_, [&](const auto& entry) { return entry.second.back() <= now_ms - minute_ms; });
    next_sweep_ms_ = now_ms + minute_ms;
  }
  auto& times = answered_[{message.chat.platform, message.chat.id, message.sender.id}];
  while (!times.empty() && times.front() <= now_ms - minute_ms) times.pop_front();
  std::size_t dropped = 0;
  std::erase_if(outgoing, [&](const core::OutgoingMessage& out) {
    const bool answer = out.chat == message.chat && out.in_reply_to == message.platform_message_id;
    if (!answer) return false;
    if (static_cast<int>(times.size()) < per_minute_) {
      times.push_back(now_ms);
      return false;
    }
    ++dropped;
    return true;
  });
  if (times.empty()) answered_.erase({message.chat.platform, message.chat.id, message.sender.id});
  dropped_ += dropped;
  return dropped;
}

}  // namespace jiaxiao::handlers
