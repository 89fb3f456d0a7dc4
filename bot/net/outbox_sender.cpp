#include "bot/net/outbox_sender.hpp"


#include <algorithm>
#include <set>

#include "bot/core/log.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::net {

OutboxSender::OutboxSender(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock,
                           OutboxOptions options, std::vector<std::pair<std::string, adapters::Sender*>> senders)
    : executor_(executor),
      worker_(worker),
      clock_(clock),
      options_(options),
      senders_(std::move(senders)),
      pacer_(options_.pacing),
      loop_(executor, senders_.size() == 1 ? "outbox:" + senders_.front().first : std::string("outbox"),
            options_.failure_backoff) {
  for (const auto& [platform, sender] : senders_) platforms_.push_back(platform);
}

std::chrono::milliseconds OutboxSender::backoff(const OutboxOptions& options, int attempts) {
  auto delay = options.retry_initial;
  for (int i = 1; i < attempts && delay < options.retry_max; ++i) delay *= 2;
  return std::min(delay, options.retry_max);
}

void OutboxSender::start() {
  loop_.start([this] { return loop(); });
}

void OutboxSender::wake() { loop_.wake(); }

void OutboxSender::stop(std::function<void()> done) { loop_.stop(std::move(done)); }

awaitable<std::optional<adapters::SendRoute>> OutboxSender::route_for(const store::OutboxItem& item, const adapters::Sender& sender) {
  adapters::SendRoute route{item.push_key, std::nullopt};
  const adapters::WindowPolicy policy = sender.window_policy(item.message, item.push_key);
  if (policy == adapters::WindowPolicy::push) co_return route;
  const bool any_window = policy == adapters::WindowPolicy::window_only;
  const std::int64_t now = clock_.now_ms();
  // The use is committed before the send: a window's use (QQ's msg_seq) is never taken twice.
  std::function<std::optional<store::WindowUse>(store::Database&)> take = [item, any_window, now](store::Database& db) {
    SQLite::Transaction transaction(db.sql());
    auto use = store::ReplyWindows(db.sql()).take(item.message.chat, item.message.in_reply_to, any_window, now);
    if (!use && any_window) store::Outbox(db.sql()).mark_waiting(item, now);
    transaction.commit();
    return use;
  };
  route.window = co_await worker_.run(std::move(take));
  if (!route.window && any_window) {
    ++counters_.window_waits[item.message.chat.platform];
    core::log::info("outbox_waiting", "outbox", item.id, "platform", item.message.chat.platform, "detail",
                    "no reply window or push key for this chat yet");
    co_return std::nullopt;
  }
  co_return route;
}

awaitable<void> OutboxSender::expire_waiting() {
  if (options_.window_wait.count() <= 0) co_return;
  const std::int64_t now = clock_.now_ms();
  if (now < next_expiry_check_ms_) co_return;
  next_expiry_check_ms_ = now + std::min<std::int64_t>(60'000, options_.window_wait.count());
  const std::int64_t older_than = now - options_.window_wait.count();
  auto on_expired = options_.on_window_expired;
  std::function<std::vector<store::OutboxItem>(store::Database&)> expire = [older_than, now, on_expired](store::Database& db) {
    SQLite::Transaction transaction(db.sql());
    auto items = store::Outbox(db.sql()).expire_waiting(older_than, "no reply window in time", now);
    if (!items.empty() && on_expired) on_expired(db, items);
    transaction.commit();
    return items;
  };
  const auto expired = co_await worker_.run(std::move(expire));
  for (const auto& item : expired) {
    ++counters_.window_expired[item.message.chat.platform];
    core::log::warn("outbox_window_expired", "outbox", item.id, "platform", item.message.chat.platform);
  }
}

awaitable<bool> OutboxSender::deliver(const store::OutboxItem& item, adapters::Sender& sender) {
  using Kind = adapters::DeliveryResult::Kind;
  const std::string& platform = item.message.chat.platform;
  adapters::DeliveryResult result;
  std::vector<std::string> parts{item.message.text};
  std::size_t part = 0;
  // Unknown outcomes (SPEC §3): a send that was under way when the service stopped, or that got no
  // answer, may have arrived. It is sent again only where the platform drops the repeat (the same
  // window use), else at most once more.
  int unknown = item.unknown_outcomes;
  if (item.in_flight_since_ms) {
    ++unknown;
    ++counters_.unknown_outcomes[platform];
    core::log::warn("outbox_outcome_unknown", "outbox", item.id, "platform", platform, "reason", "restart_while_sending");
  }
  bool dedupes = false, repeats_dedupe_use = false;
  try {
    std::optional<adapters::SendRoute> route;
    if (item.dedupe_use && item.dedupe_expires_ms && *item.dedupe_expires_ms > clock_.now_ms()) {
      route = adapters::SendRoute{item.push_key, item.dedupe_use};  // the same msg_id and msg_seq again
      repeats_dedupe_use = true;
    } else {
      route = co_await route_for(item, sender);
    }
    if (!route) {
      if (unknown != item.unknown_outcomes) {
        std::function<int(store::Database&)> keep = [item, unknown](store::Database& db) {
          store::Outbox(db.sql()).set_unknown_outcomes(item, unknown);
          return 0;
        };
        co_await worker_.run(std::move(keep));
      }
      co_return true;  // waits for a window; released when one opens
    }
    if (unknown > 0 && !repeats_dedupe_use) {
      // The first send whose outcome is unknown went out no earlier than the first failure or in-flight mark.
      route->repeats_since_ms = std::min(item.failing_since_ms.value_or(clock_.now_ms()),
                                         item.in_flight_since_ms.value_or(clock_.now_ms()));
    }
    dedupes = sender.dedupes_retries(item.message, *route);
    if (unknown >= 2 && !dedupes) {
      result = {Kind::failed, "", "outcome unknown twice: not sent again (the platform drops no repeats)"};
    } else {
      // A text longer than the platform takes goes out in parts, one per pass, each paced like a message;
      // the row keeps how many parts went out, so a retry or a restart resumes with the next. Parts are
      // always cut at the push limit; a roomier way (a reply window) only carries a text that fits whole.
      const std::size_t roomy = sender.route_text_bytes(*route);
      const bool whole = item.parts_sent == 0 && (roomy == 0 || item.message.text.size() <= roomy);
      if (!whole) parts = core::split_text(item.message.text, sender.max_text_bytes());
      part = std::min<std::size_t>(static_cast<std::size_t>(item.parts_sent), parts.size() - 1);
      core::OutgoingMessage message = item.message;
      message.text = parts[part];
      if (part > 0) message.mentions.clear();  // mention once, in the first part
      // In flight before the call: a restart from here on knows the outcome is unknown.
      const std::optional<store::WindowUse> dedupe_use = dedupes ? route->window : std::nullopt;
      const std::int64_t now = clock_.now_ms();
      std::function<int(store::Database&)> mark = [item, now, dedupe_use, unknown](store::Database& db) {
        store::Outbox(db.sql()).mark_in_flight(item, now, dedupe_use, unknown);
        return 0;
      };
      co_await worker_.run(std::move(mark));
      result = co_await sender.send(message, *route);
    }
  } catch (const std::exception& e) {
    result = {Kind::retry, "", std::string("send threw: ") + e.what()};
  }
  if (result.outcome_unknown) {
    ++unknown;
    ++counters_.unknown_outcomes[platform];
    core::log::warn("outbox_outcome_unknown", "outbox", item.id, "platform", platform, "reason", result.error);
    if (!dedupes && unknown >= 2) result = {Kind::failed, "", "outcome unknown twice: " + result.error};
  }
  if (repeats_dedupe_use && result.kind == Kind::failed && !result.chat_unreachable) {
    // The platform refused the very same send again: it has it already.
    core::log::info("outbox_deduplicated", "outbox", item.id, "platform", platform, "answer", result.error);
    result = {Kind::sent, "", ""};
  }
  const bool more_parts = result.kind == adapters::DeliveryResult::Kind::sent && part + 1 < parts.size();
  const int attempts = item.attempts + 1;
  const std::int64_t now = clock_.now_ms();
  // Failing since the first failure of this run; a retry is given up once that is give_up_after ago (or
  // after max_attempts, when set).
  const std::int64_t failing_for = now - item.failing_since_ms.value_or(now);
  if (result.kind == adapters::DeliveryResult::Kind::retry &&
      ((options_.max_attempts > 0 && attempts >= options_.max_attempts) ||
       (options_.give_up_after.count() > 0 && failing_for >= options_.give_up_after.count()))) {
    result.kind = adapters::DeliveryResult::Kind::failed;
  }
  const bool given_up = result.kind == adapters::DeliveryResult::Kind::failed && !result.chat_unreachable;
  if (given_up) ++counters_.given_up[item.message.chat.platform];
  if (result.config_error) {
    ++counters_.config_errors[item.message.chat.platform];
    core::log::error("platform_config_error", "platform", item.message.chat.platform, "error", result.error);
  }
  switch (result.kind) {
    case adapters::DeliveryResult::Kind::sent:
      core::log::info("outbox_sent", "outbox", item.id, "platform", item.message.chat.platform, "attempt", attempts);
      break;
    case adapters::DeliveryResult::Kind::retry:
      core::log::warn("outbox_retry", "outbox", item.id, "platform", item.message.chat.platform, "attempt", attempts,
                      "error", result.error);
      break;
    case adapters::DeliveryResult::Kind::failed:
      core::log::error("outbox_failed", "outbox", item.id, "platform", item.message.chat.platform, "attempt",
                       attempts, "error", result.error);
      break;
  }
  const auto retry_at = now + backoff(options_, attempts).count();
  // Named before co_await: GCC 12 shallow-copies captures of a lambda temporary in a co_await expression.
  auto on_unreachable = result.chat_unreachable ? options_.on_unreachable : nullptr;
  auto on_given_up = given_up ? options_.on_given_up : nullptr;
  const bool keep_dedupe = result.outcome_unknown && dedupes;
  std::function<int(store::Database&)> record = [item, result, now, retry_at, more_parts, on_unreachable,
                                                 on_given_up, failing_for, unknown, keep_dedupe](store::Database& db) {
    store::Outbox outbox(db.sql());
    SQLite::Transaction transaction(db.sql());
    if (unknown != item.unknown_outcomes) outbox.set_unknown_outcomes(item, unknown);
    if (on_unreachable) on_unreachable(db, item);
    if (on_given_up) on_given_up(db, item, std::chrono::milliseconds(failing_for));
    if (more_parts) outbox.mark_part_sent(item, result.platform_message_id, now);
    else if (result.kind == adapters::DeliveryResult::Kind::sent) outbox.mark_sent(item, result.platform_message_id, now);
    else if (result.kind == adapters::DeliveryResult::Kind::retry) outbox.mark_retry(item, retry_at, result.error, now, keep_dedupe);
    else outbox.mark_failed(item, result.error, now);
    transaction.commit();
    return 0;
  };
  co_await worker_.run(std::move(record));
  co_return more_parts || result.kind == adapters::DeliveryResult::Kind::retry;
}

awaitable<void> OutboxSender::loop() {
  while (!loop_.stopping()) {
    // Named before co_await: GCC 12 mishandles a temporary inside a co_await expression.
    std::function<awaitable<void>()> one = [this] { return round(); };
    co_await loop_.round(std::move(one));
  }
}

awaitable<void> OutboxSender::round() {
  loop_.take_woken();
  co_await expire_waiting();
  const std::int64_t now = clock_.now_ms();
  // platforms_ never changes after construction, so the worker thread may read it.
  std::function<std::vector<store::OutboxItem>(store::Database&)> fetch = [this, now](store::Database& db) {
    return store::Outbox(db.sql()).due(now, 256, platforms_);
  };
  auto items = co_await worker_.run(std::move(fetch));
  // The class's letters, meetings and reminders (messages that answer nobody) go before answers to
  // members, each kind in its own order: a busy chat never keeps a letter behind chatter.
  std::stable_partition(items.begin(), items.end(),
                        [](const store::OutboxItem& item) { return !item.message.in_reply_to.has_value(); });
  // Oldest first, but a chat at its limit, or whose message is still pending after its attempt, is
  // skipped for this pass (with everything after it for that chat, to keep its order) so the other
  // chats go on.
  std::set<std::string> paced;
  std::optional<std::int64_t> earliest_paced;
  std::size_t sent = 0;
  for (const auto& item : items) {
    if (loop_.stopping()) break;
    const auto& chat = item.message.chat;
    const std::string key = chat.platform + "|" + std::string(core::to_string(chat.kind)) + "|" + chat.id;
    if (paced.contains(key)) continue;
    const std::int64_t at = clock_.now_ms();
    if (!pacer_.try_send(chat, at)) {
      paced.insert(key);
      const std::int64_t next = pacer_.next_ms(chat, at);
      earliest_paced = earliest_paced ? std::min(*earliest_paced, next) : next;
      continue;
    }
    adapters::Sender* sender = nullptr;
    for (const auto& [platform, s] : senders_) {
      if (platform == chat.platform) sender = s;
    }
    if (co_await deliver(item, *sender)) paced.insert(key);  // still pending: the rest of this chat waits
    ++sent;
  }
  if (sent > 0 || loop_.woken() || loop_.stopping()) co_return;
  std::function<std::optional<std::int64_t>(store::Database&)> next_due = [this](store::Database& db) {
    return store::Outbox(db.sql()).next_due_ms(platforms_);
  };
  auto next = co_await worker_.run(std::move(next_due));
  auto wait = options_.poll_interval;
  if (earliest_paced) next = next ? std::max(*next, *earliest_paced) : *earliest_paced;
  if (next) wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(*next - clock_.now_ms(), 1)));
  co_await loop_.sleep(wait);
}

}  // namespace jiaxiao::net
