#pragma once
// Delivers the outbox: reads due rows through the DbWorker, hands each to its platform's Sender,
// and records the outcome (sent with the platform's id, retry with growing back-off, or failed after
// outbox.max_attempts). Unsent rows survive a restart because they are rows.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/adapters/sender.hpp"
#include "bot/net/asio.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/pacing.hpp"
#include "bot/net/wakeable_loop.hpp"
#include "store/outbox.hpp"
#include "store/reply_windows.hpp"

namespace jiaxiao::net {

struct OutboxOptions {
  std::map<std::string, PlatformPace> pacing;
  int max_attempts = 0;  // 0: no limit by count (give_up_after decides)
  std::chrono::milliseconds retry_initial{2000};
  std::chrono::milliseconds retry_max{600000};
  std::chrono::milliseconds poll_interval{2000};  // also picks up rows written by other processes
  /// How long a message may wait for a reply window before it is given up (0: for ever).
  std::chrono::milliseconds window_wait{std::chrono::hours(72)};
  /// The pause after a failed round of the loop, doubling while rounds keep failing (at most 60 s).
  std::chrono::milliseconds failure_backoff{1000};
  /// Runs in the transaction that records a chat_unreachable result (marks the chat, tells people).
  std::function<void(store::Database&, const store::OutboxItem&)> on_unreachable;
  /// Runs in the transaction that gives up messages that waited too long for a window.
  std::function<void(store::Database&, const std::vector<store::OutboxItem>&)> on_window_expired;
  /// A message whose attempts keep failing is given up once it has failed for this long (0: never by time).
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};
  /// Runs in the transaction that gives up a message after failed attempts (not a gone chat: that is
  /// on_unreachable); `failing_for` is how long it had been failing.
  std::function<void(store::Database&, const store::OutboxItem&, std::chrono::milliseconds failing_for)> on_given_up;
};

/// Counters of delivery problems since start, for /metrics.
struct DeliveryCounters {
  std::map<std::string, std::uint64_t> config_errors;   // by platform
  std::map<std::string, std::uint64_t> window_waits;    // by platform: a message found no way out yet
  std::map<std::string, std::uint64_t> window_expired;  // by platform: given up after window_wait
  std::map<std::string, std::uint64_t> given_up;        // by platform: failed after retries or a refusal
  std::map<std::string, std::uint64_t> unknown_outcomes;  // by platform: sends that got no answer (or a restart)
};

/// The delivery loop. Thread: runs on the io executor; database work goes through the DbWorker.
class OutboxSender {
 public:
  /// `senders` maps a platform name to its Sender; rows of other platforms are left for others.
  OutboxSender(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock, OutboxOptions options,
               std::vector<std::pair<std::string, adapters::Sender*>> senders);

  /// Starts the loop (a coroutine on the executor).
  void start();
  /// New rows may be due: look now instead of at the next poll.
  void wake();
  /// Ends the loop after the send in progress; `done` runs when it has ended.
  void stop(std::function<void()> done);

  /// The delay before attempt `attempts + 1` after `attempts` failures: initial × 2^(attempts-1), capped.
  static std::chrono::milliseconds backoff(const OutboxOptions& options, int attempts);
  /// Problems counted since start (read on the io executor).
  const DeliveryCounters& counters() const { return counters_; }
  /// Rounds that failed (the database, …); the loop goes on after a back-off.
  std::uint64_t failures() const { return loop_.failures(); }
  /// Since when its rounds have been failing; nullopt while they succeed.
  std::optional<std::chrono::steady_clock::time_point> failing_since() const { return loop_.failing_since(); }

 private:
  awaitable<void> loop();
  /// Sends what is due (oldest first, paced per chat), then sleeps until more is due (or woken).
  awaitable<void> round();
  /// Sends the next part of the item and records the outcome.
  /// One attempt at `item`; true when it is still pending afterwards (back-off, more parts, waiting for
  /// a window), so the chat's later messages must not go ahead of it.
  awaitable<bool> deliver(const store::OutboxItem& item, adapters::Sender& sender);
  /// Takes a reply window use when the platform needs one; nullopt: the item now waits for one.
  awaitable<std::optional<adapters::SendRoute>> route_for(const store::OutboxItem& item, const adapters::Sender& sender);
  /// Gives up what waited longer than window_wait.
  awaitable<void> expire_waiting();

  asio::any_io_executor executor_;
  DbWorker& worker_;
  const core::Clock& clock_;
  OutboxOptions options_;
  std::vector<std::pair<std::string, adapters::Sender*>> senders_;
  std::vector<std::string> platforms_;
  Pacer pacer_;
  WakeableLoop loop_;
  DeliveryCounters counters_;
  std::int64_t next_expiry_check_ms_ = 0;
};

}  // namespace jiaxiao::net
