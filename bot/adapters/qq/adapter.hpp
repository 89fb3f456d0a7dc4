#pragma once
// The QQ official bot API v2 in webhook mode (shared/PROTOCOLS.md §2): Ed25519-signed callbacks at /qq,
// and, since 2025-04-21, passive replies only: every message goes out with the msg_id of an incoming
// message (≤ 5 per message, within its window), so the outbox sends QQ messages only inside reply windows.

#include <array>
#include <cstdint>
#include <string>

#include "bot/adapters/adapter.hpp"
#include "bot/adapters/qq/signature.hpp"
#include "bot/adapters/token_cache.hpp"
#include "bot/core/clock.hpp"
#include "bot/net/http_client.hpp"
#include "bot/adapters/qq/config.hpp"

namespace jiaxiao::adapters::qq {

/// What a QQ API answer means for the outbox (HTTP status and the body's `code`).
DeliveryResult classify(const net::ClientResponse& response);

/// The JSON body of a passive text reply.
std::string reply_body(const std::string& text, const std::string& msg_id, int msg_seq);

/// The QQ official platform. Thread: all calls on the io executor.
class QqAdapter final : public Adapter {
 public:
  /// Throws std::invalid_argument when the secret is empty.
  QqAdapter(net::asio::any_io_executor executor, const QqConfig& config, const core::Clock& clock,
            std::chrono::milliseconds send_timeout);

  std::string_view platform() const override { return name; }
  WebhookOutcome handle_webhook(const net::Request& request) override;
  net::awaitable<DeliveryResult> send(const core::OutgoingMessage& message, const SendRoute& route) override;
  /// Nothing is pushed: every message waits for a reply window.
  WindowPolicy window_policy(const core::OutgoingMessage&, const std::string&) const override {
    return WindowPolicy::window_only;
  }
  /// A repeated msg_id + msg_seq is refused by QQ: a retry along the same window use cannot deliver twice.
  bool dedupes_retries(const core::OutgoingMessage&, const SendRoute& route) const override {
    return route.window.has_value();
  }
  /// Each part of a long text costs one of the five replies: keep parts large.
  std::size_t max_text_bytes() const override { return text_limit; }
  static constexpr std::size_t text_limit = 4000;

 private:
  /// The cached app access token or a fresh one; empty with `failure` set when it cannot be had.
  net::awaitable<std::string> token(DeliveryResult& failure);

  QqConfig config_;
  BotKey key_;
  const core::Clock& clock_;
  std::chrono::milliseconds send_timeout_;
  net::HttpClient client_;
  TokenCache token_;  // used until 90 s before it expires
};

}  // namespace jiaxiao::adapters::qq
