#pragma once
// The QQ official bot API v2 in webhook mode (shared/PROTOCOLS.md §2): Ed25519-signed callbacks at /qq,
// and, since 2025-04-21, passive replies only: every message goes out with the msg_id of an incoming
// message (≤ 5 per message, within its window), so the outbox sends QQ messages only inside reply windows.

#include <array>
#include <cstdint>
#include <string>

#include "bot/adapters/adapter.hpp"
#include "bot/adapters/qq/signature.hpp"
#include "bot/core/clock.hpp"
#include "bot/net/http_client.hpp"
#include "config/config.hpp"

namespace jiaxiao::adapters::qq {

/// What a QQ API answer means for the outbox (HTTP status and the body's `code`).
net::DeliveryResult classify(const net::ClientResponse& response);

/// The JSON body of a passive text reply.
std::string reply_body(const std::string& text, const std::string& msg_id, int msg_seq);

/// The QQ official platform. Thread: all calls on the io executor.
class QqAdapter final : public Adapter {
 public:
  /// Throws std::invalid_argument when the secret is empty.
  QqAdapter(net::asio::any_io_executor executor, const config::QqConfig& config, const core::Clock& clock,
            std::chrono::milliseconds send_timeout);

  std::string_view platform() const override { return "qq"; }
  std::span<const std::string_view> paths() const override { return webhook_paths; }
  WebhookOutcome handle_webhook(const net::Request& request) override;
  net::awaitable<net::DeliveryResult> send(const core::OutgoingMessage& message, const net::SendRoute& route) override;
  /// Nothing is pushed: every message waits for a reply window.
  net::WindowPolicy window_policy(const core::OutgoingMessage&, const std::string&) const override {
    return net::WindowPolicy::window_only;
  }
  /// Each part of a long text costs one of the five replies: keep parts large.
  std::size_t max_text_bytes() const override { return 4000; }

 private:
  static constexpr std::array<std::string_view, 1> webhook_paths{"/qq"};
  /// The cached app access token or a fresh one; empty with `failure` set when it cannot be had.
  net::awaitable<std::string> token(net::DeliveryResult& failure);

  config::QqConfig config_;
  BotKey key_;
  const core::Clock& clock_;
  std::chrono::milliseconds send_timeout_;
  net::HttpClient client_;
  std::string token_;
  std::int64_t token_valid_until_ms_ = 0;
};

}  // namespace jiaxiao::adapters::qq
