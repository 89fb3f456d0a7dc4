#pragma once
// OneBot v11 over HTTP (NapCat, Lagrange.OneBot, go-cqhttp): events POSTed to /onebot, answers through
// the implementation's HTTP API (send_group_msg / send_private_msg), never through the quick-operation
// response, which Lagrange ignores (OneBot v11 communication/http-post.md, http.md, api/public.md;
// shared/PROTOCOLS.md §3).

#include <array>
#include <memory>

#include "bot/adapters/adapter.hpp"
#include "bot/adapters/crypto.hpp"
#include "bot/net/http_client.hpp"
#include "bot/adapters/onebot/config.hpp"

namespace jiaxiao::adapters::onebot {

/// Whether `request` came straight from this machine: a loopback peer, and no proxy header naming
/// another client (X-Real-IP, X-Forwarded-For, Forwarded).
bool direct_from_this_machine(const net::Request& request);

/// The OneBot platform. Thread: all calls on the io executor.
class OneBotAdapter final : public Adapter {
 public:
  /// Without a secret, events without X-Signature are taken only from a loopback peer that sent no
  /// proxy header (SPEC §4); every other unsigned event is 401.
  OneBotAdapter(net::asio::any_io_executor executor, OneBotConfig config, std::chrono::milliseconds send_timeout);

  std::string_view platform() const override { return name; }
  WebhookOutcome handle_webhook(const net::Request& request) override;
  net::awaitable<DeliveryResult> send(const core::OutgoingMessage& message, const SendRoute& route) override;
  /// QQ takes about 4500 characters a message; 4000 bytes keeps a long roster in few, readable parts.
  std::size_t max_text_bytes() const override { return text_limit; }
  static constexpr std::size_t text_limit = 4000;

  /// The JSON body of send_group_msg / send_private_msg for a message.
  static std::string request_body(const core::OutgoingMessage& message);

 private:
  OneBotConfig config_;
  std::unique_ptr<HmacSha1> signature_key_;  // keyed once; null without a secret
  std::chrono::milliseconds send_timeout_;
  net::HttpClient client_;
};

}  // namespace jiaxiao::adapters::onebot
