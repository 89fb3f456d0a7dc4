#include "bot/adapters/wecom/adapter.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/adapters/wecom/callback.hpp"
#include "bot/core/log.hpp"

namespace jiaxiao::adapters::wecom {

namespace {
/// The callback's keys, or nullopt when that callback is not configured; throws naming a bad key.
std::optional<CallbackCrypto> crypto_for(const std::string& prefix, const std::string& token, const std::string& key,
                                         const std::string& receive_id) {
  if (token.empty() && key.empty()) return std::nullopt;
  auto crypto = CallbackCrypto::create(token, key, receive_id);
  if (!crypto) throw std::runtime_error(prefix + ".encoding_aes_key: " + crypto.error());
  return std::move(*crypto);
}

}  // namespace

WeComAdapter::WeComAdapter(net::asio::any_io_executor executor, const WeComConfig& config,
                           const core::Clock& clock, std::chrono::milliseconds send_timeout)
    : app_crypto_(crypto_for("platforms.wecom", config.token, config.encoding_aes_key, config.corp_id)),
      robot_crypto_(crypto_for("platforms.wecom.bot", config.bot.token, config.bot.encoding_aes_key, "")),
      timestamp_window_(config.timestamp_window),
      clock_(clock),
      api_(executor, config, clock, send_timeout) {}

WebhookOutcome WeComAdapter::handle_webhook(const net::Request& request) {
  const bool robot = request.path() == "/wecom/bot";
  const auto& crypto = robot ? robot_crypto_ : app_crypto_;
  if (!crypto) return refused(404, robot ? "smart robot callback not configured\n" : "app callback not configured\n", false);
  if (request.method != "GET" && request.method != "POST") return refused(405, "method not allowed\n", false);
  return handle(request, *crypto, robot);
}

WebhookOutcome WeComAdapter::handle(const net::Request& request, const CallbackCrypto& crypto, bool robot) {
  const auto signature = request.query("msg_signature");
  const auto timestamp = request.query("timestamp");
  const auto nonce = request.query("nonce");
  if (!signature || !timestamp || !nonce) return refused(401, "missing msg_signature, timestamp or nonce\n", true);
  // The ciphertext the signature covers: echostr for the URL check, Encrypt / encrypt for a message.
  std::optional<std::string> encrypted;
  if (request.method == "GET") {
    encrypted = request.query("echostr");
  } else if (robot) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    for (const char* key : {"encrypt", "Encrypt"}) {  // WeCom's pages show both spellings
      if (body.is_object() && !encrypted && body.contains(key) && body[key].is_string()) encrypted = body[key];
    }
  } else {
    encrypted = xml_field(request.body, "Encrypt");
  }
  if (!encrypted) return refused(401, "nothing signed: no echostr or Encrypt\n", true);
  // Query values are percent-decoded; a '+' that arrived unencoded may have become a space.
  std::replace(encrypted->begin(), encrypted->end(), ' ', '+');
  if (!crypto.verify(*signature, *timestamp, *nonce, *encrypted)) return refused(401, "bad signature\n", true);
  // WeCom retries within seconds; a zero window leaves even the published 2016 samples acceptable.
  if (timestamp_window_.count() > 0 && !timestamp_fresh(*timestamp, clock_.now_ms(), timestamp_window_))
    return refused(401, "stale or bad timestamp\n", true);
  auto plain = crypto.open(*encrypted);
  if (!plain) {
    core::log::warn("wecom_decrypt_failed", "reason", plain.error(), "callback", robot ? "bot" : "app");
    return refused(401, "cannot decrypt: " + plain.error() + "\n", true);
  }
  WebhookOutcome outcome;
  if (request.method == "GET") {  // URL verification: the bare message, nothing around it
    outcome.response = net::text_response(200, std::move(*plain));
    return outcome;
  }
  auto parsed = robot ? parse_robot_message(*plain, clock_.now_ms()) : parse_app_message(*plain);
  if (!parsed) {
    core::log::warn("wecom_bad_message", "reason", parsed.error(), "callback", robot ? "bot" : "app");
    return refused(400, "bad message: " + parsed.error() + "\n", false);
  }
  // 200 with an empty body: "no passive reply"; answers go through the outbox.
  outcome.response = net::text_response(200, "");
  outcome.message = std::move(*parsed);
  return outcome;
}

WindowPolicy WeComAdapter::window_policy(const core::OutgoingMessage& message, const std::string& push_key) const {
  if (message.chat.kind == core::ChatKind::group)
    return push_key.empty() ? WindowPolicy::window_only : WindowPolicy::prefer_own_window;
  return api_.app_configured() ? WindowPolicy::prefer_own_window : WindowPolicy::window_only;
}

net::awaitable<DeliveryResult> WeComAdapter::send(const core::OutgoingMessage& message, const SendRoute& route) {
  if (route.window) co_return co_await api_.respond(route.window->handle, message.text, message.mentions);
  if (message.chat.kind == core::ChatKind::group) {
    if (route.push_key.empty())
      co_return DeliveryResult{DeliveryResult::Kind::retry, "", "no robot webhook key for this group"};
    co_return co_await api_.send_to_robot(route.push_key, message.text, message.mentions);
  }
  if (!api_.app_configured())
    co_return DeliveryResult{DeliveryResult::Kind::retry, "", "no app credentials for private messages"};
  co_return co_await api_.send_to_member(message.chat.id, message.text, route.repeats_since_ms);
}

bool WeComAdapter::dedupes_retries(const core::OutgoingMessage& message, const SendRoute& route) const {
  if (message.chat.kind == core::ChatKind::group || route.window || !api_.app_configured()) return false;
  return !route.repeats_since_ms || api_.duplicate_check_covers(*route.repeats_since_ms);
}

}  // namespace jiaxiao::adapters::wecom
