#pragma once
// What the outbox needs of a platform: send one message along a route, say how the platform lets a
// message out, and how long a text may be. Each adapter implements it (bot/adapters/adapter.hpp); the
// outbox (bot/net/outbox_sender.hpp) calls it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/message.hpp"
#include "bot/net/asio.hpp"
#include "bot/net/http_client.hpp"
#include "store/reply_windows.hpp"

namespace jiaxiao::adapters {

/// What a platform's send reports.
struct DeliveryResult {
  enum class Kind { sent, retry, failed };
  Kind kind = Kind::sent;
  std::string platform_message_id;  // for `sent`
  std::string error;                // for `retry` and `failed`: short, no message text
  bool config_error = false;         // the platform refused our credentials or address: an admin must act
  bool chat_unreachable = false;     // the chat is gone or the bot was removed from it
  bool outcome_unknown = false;      // sent, but no answer came (a timeout, a dropped connection)
};

/// A network failure as a retry; the outcome is unknown when the whole request had been written.
inline DeliveryResult network_failure(const net::ClientResponse& response) {
  return {DeliveryResult::Kind::retry, "", "network: " + response.error.message(), false, false,
          response.request_sent};
}

/// How a platform lets a message out: any time (push), preferably inside the reply window of the
/// message it answers, or only inside a reply window (no push at all to that chat).
enum class WindowPolicy { push, prefer_own_window, window_only };

/// The way chosen for one attempt: the chat's push key, and the reply window use taken for it.
struct SendRoute {
  std::string push_key;
  std::optional<store::WindowUse> window;
  /// Set when this send repeats one whose outcome is unknown: when the first such send was tried (ms).
  std::optional<std::int64_t> repeats_since_ms;
};

/// Sends one outgoing message to one platform. Implemented by each adapter.
class Sender {
 public:
  virtual ~Sender() = default;
  /// Attempts delivery once along `route`; network failures are a `retry` result, never an exception.
  virtual net::awaitable<DeliveryResult> send(const core::OutgoingMessage& message, const SendRoute& route) = 0;
  /// Whether a message to this chat (with this push key, possibly empty) needs a reply window.
  virtual WindowPolicy window_policy(const core::OutgoingMessage& message, const std::string& push_key) const {
    (void)message;
    (void)push_key;
    return WindowPolicy::push;
  }
  /// Whether sending `message` again along `route` cannot deliver it twice (the platform drops the
  /// repeat: QQ's msg_id + msg_seq of a reply window, WeCom's duplicate check). Such a send is retried
  /// after an unknown outcome; others at most once (SPEC §3).
  virtual bool dedupes_retries(const core::OutgoingMessage& message, const SendRoute& route) const {
    (void)message;
    (void)route;
    return false;
  }
  /// The longest text one message may carry, in bytes (0: no limit); longer ones are split.
  virtual std::size_t max_text_bytes() const { return 0; }
  /// The longest text one message may carry along `route` (a reply window may take more than a push).
  virtual std::size_t route_text_bytes(const SendRoute& route) const {
    (void)route;
    return max_text_bytes();
  }
};

}  // namespace jiaxiao::adapters
