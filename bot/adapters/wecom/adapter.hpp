#pragma once
// WeCom (企业微信): the self-built app's callback at /wecom (XML; members' one-to-one messages to the
// app) and the smart robot's callback at /wecom/bot (JSON; @-messages in groups and its single chats),
// both signed and AES-encrypted (shared/PROTOCOLS.md §1). Answers are never passive: each callback is
// answered 200 with an empty body once stored, and the outbox sends through the message's response_url,
// the group robot's webhook key, or the app's message/send.

#include <array>
#include <optional>

#include "bot/adapters/adapter.hpp"
#include "bot/adapters/wecom/api.hpp"
#include "bot/adapters/wecom/crypto.hpp"
#include "bot/adapters/wecom/config.hpp"

namespace jiaxiao::adapters::wecom {

/// The WeCom platform. Thread: all calls on the io executor.
class WeComAdapter final : public Adapter {
 public:
  /// Throws std::runtime_error naming the config key when a callback's keys are unusable.
  WeComAdapter(net::asio::any_io_executor executor, const WeComConfig& config, const core::Clock& clock,
               std::chrono::milliseconds send_timeout);

  std::string_view platform() const override { return name; }
  WebhookOutcome handle_webhook(const net::Request& request) override;
  net::awaitable<DeliveryResult> send(const core::OutgoingMessage& message, const SendRoute& route) override;
  /// Groups: the message's own response_url when it has one, else the robot key; without a key only
  /// response_urls. Members: their own response_url, else the app (only response_urls without the app).
  WindowPolicy window_policy(const core::OutgoingMessage& message, const std::string& push_key) const override;
  /// A private message through the app is repeated with WeCom's duplicate check while it covers the
  /// first try (4 hours); response_urls and group robots drop no repeats.
  bool dedupes_retries(const core::OutgoingMessage& message, const SendRoute& route) const override;
  /// Text of a group robot and of message/send: 2048 bytes.
  std::size_t max_text_bytes() const override { return text_limit; }
  static constexpr std::size_t text_limit = 2048;
  /// A response_url takes markdown of up to 20480 bytes.
  std::size_t route_text_bytes(const SendRoute& route) const override { return route.window ? 20480 : text_limit; }

 private:
  /// GET verification or POST message of one callback.
  WebhookOutcome handle(const net::Request& request, const CallbackCrypto& crypto, bool robot);

  std::optional<CallbackCrypto> app_crypto_;
  std::optional<CallbackCrypto> robot_crypto_;
  std::chrono::milliseconds timestamp_window_;
  const core::Clock& clock_;
  WeComApi api_;
};

}  // namespace jiaxiao::adapters::wecom
