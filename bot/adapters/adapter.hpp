#pragma once
// What a platform plugs into: its webhook path(s) and its Sender. An adapter verifies the signature
// FIRST, then parses into a platform-neutral IncomingMessage; it knows nothing of features.

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <span>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/message.hpp"
#include "bot/net/http_types.hpp"
#include "bot/adapters/sender.hpp"

namespace jiaxiao::adapters {

/// The platform says the bot was added to a group or removed from it (QQ GROUP_ADD_ROBOT / GROUP_DEL_ROBOT).
struct Membership {
  core::ChatRef chat;
  bool bot_present = false;
};

/// What a webhook request turned into. The app commits `message` or `membership` (when there is one)
/// before it sends `response`; `signature_failed` feeds metrics.
struct WebhookOutcome {
  net::Response response;
  std::optional<core::IncomingMessage> message;
  std::optional<Membership> membership;
  bool signature_failed = false;
};

/// A refusal with nothing to store; `signature_failed` when it is for the signature (counted in metrics).
inline WebhookOutcome refused(unsigned status, std::string body, bool signature_failed) {
  WebhookOutcome outcome;
  outcome.response = net::text_response(status, std::move(body));
  outcome.signature_failed = signature_failed;
  return outcome;
}

/// Whether a signed timestamp (Unix seconds, digits only) lies within `window` of `now_ms`; a zero
/// window accepts any time. Not a number: false. Refusing stale ones stops a captured request from
/// being replayed later.
inline bool timestamp_fresh(std::string_view unix_seconds, std::int64_t now_ms, std::chrono::milliseconds window) {
  long long seconds = 0;
  const char* last = unix_seconds.data() + unix_seconds.size();
  const auto [end, ec] = std::from_chars(unix_seconds.data(), last, seconds);
  if (ec != std::errc() || end != last || unix_seconds.empty()) return false;
  if (window.count() <= 0) return true;
  const std::int64_t at = core::seconds_to_ms(seconds);
  return (now_ms > at ? now_ms - at : at - now_ms) <= window.count();
}

/// A platform: webhook input and message output.
class Adapter : public Sender {
 public:
  /// Its name in the registry (bot/adapters/registry.cpp), which the database keeps with each chat.
  virtual std::string_view platform() const = 0;
  /// Authenticates and parses one request; never throws (untrusted input).
  virtual WebhookOutcome handle_webhook(const net::Request& request) = 0;
};

}  // namespace jiaxiao::adapters
