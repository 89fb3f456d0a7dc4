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

#include "bot/net/asio.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/pacing.hpp"
#include "bot/net/wakeable_loop.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::net {

/// What a platform's send reports.
struct DeliveryResult {
  enum class Kind { sent, retry, failed };
  Kind kind = Kind::sent;
  std::string platform_message_id;  // for `sent`
  std::string error;                // for `retry` and `failed`: short, no message text
};

/// Sends one outgoing message to one platform. Implemented by each adapter.
class Sender {
 public:
  virtual ~Sender() = default;
  /// Attempts delivery once; network failures are a `retry` result, never an exception.
  virtual awaitable<DeliveryResult> send(const core::OutgoingMessage& message) = 0;
  /// The longest text one message may carry, in bytes (0: no limit); longer ones are split.
  virtual std::size_t max_text_bytes() const { return 0; }
};

struct OutboxOptions {
  std::map<std::string, PlatformPace> pacing;
  int max_attempts = 8;
  std::chrono::milliseconds retry_initial{2000};
  std::chrono::milliseconds retry_max{600000};
  std::chrono::milliseconds poll_interval{2000};  // also picks up rows written by other processes
};

/// The delivery loop. Thread: runs on the io executor; database work goes through the DbWorker.
class OutboxSender {
 public:
  /// `senders` maps a platform name to its Sender; rows of other platforms are left for others.
  OutboxSender(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock, OutboxOptions options,
               std::vector<std::pair<std::string, Sender*>> senders);

  /// Starts the loop (a coroutine on the executor).
  void start();
  /// New rows may be due: look now instead of at the next poll.
  void wake();
  /// Ends the loop after the send in progress; `done` runs when it has ended.
  void stop(std::function<void()> done);

  /// The delay before attempt `attempts + 1` after `attempts` failures: initial × 2^(attempts-1), capped.
  static std::chrono::milliseconds backoff(const OutboxOptions& options, int attempts);

 private:
  awaitable<void> loop();
  /// Sends the next part of the item and records the outcome.
  awaitable<void> deliver(const store::OutboxItem& item, Sender& sender);

  asio::any_io_executor executor_;
  DbWorker& worker_;
  const core::Clock& clock_;
  OutboxOptions options_;
  std::vector<std::pair<std::string, Sender*>> senders_;
  std::vector<std::string> platforms_;
  Pacer pacer_;
  WakeableLoop loop_;
};

}  // namespace jiaxiao::net
