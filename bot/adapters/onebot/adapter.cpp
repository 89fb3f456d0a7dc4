#include "bot/adapters/onebot/adapter.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/adapters/onebot/event.hpp"
#include "bot/adapters/onebot/signature.hpp"
#include "bot/core/log.hpp"
#include "config/config.hpp"

namespace jiaxiao::adapters::onebot {

using nlohmann::json;

bool direct_from_this_machine(const net::Request& request) {
  if (!config::is_loopback_host(request.remote_address)) return false;
  for (const char* proxy_header : {"X-Real-IP", "X-Forwarded-For", "Forwarded"}) {
    if (request.header(proxy_header) != nullptr) return false;
  }
  return true;
}

OneBotAdapter::OneBotAdapter(net::asio::any_io_executor executor, OneBotConfig config,
                             std::chrono::milliseconds send_timeout)
    : config_(std::move(config)),
      signature_key_(config_.secret.empty() ? nullptr : std::make_unique<HmacSha1>(config_.secret)),
      send_timeout_(send_timeout),
      client_(executor) {}

WebhookOutcome OneBotAdapter::handle_webhook(const net::Request& request) {
  WebhookOutcome outcome;
  if (request.method != "POST") {
    outcome.response = net::text_response(405, "method not allowed\n");
    return outcome;
  }
  // Authenticate before parsing anything.
  if (signature_key_) {
    const std::string* header = request.header("X-Signature");
    if (header == nullptr || !verify(*signature_key_, request.body, *header)) {
      outcome.signature_failed = true;
      outcome.response = net::text_response(401, "bad signature\n");
      return outcome;
    }
  } else if (!direct_from_this_machine(request)) {
    // Without a secret anyone who reaches the port could post as anyone: only this machine, not via a proxy.
    outcome.signature_failed = true;
    outcome.response = net::text_response(401, "signature required: set platforms.onebot.secret\n");
    return outcome;
  }
  auto event = parse_event(request.body);
  if (!event) {
    core::log::warn("onebot_bad_event", "reason", event.error());
    outcome.response = net::text_response(400, "bad event: " + event.error() + "\n");
    return outcome;
  }
  // 204: nothing to do in the quick-operation sense; answers go through the HTTP API.
  outcome.response = net::text_response(204, "");
  outcome.message = std::move(event->message);
  return outcome;
}

namespace {
/// Numeric ids go out as JSON numbers (the spec's type); anything else as a string.
json id_value(const std::string& id) {
  long long number = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec == std::errc() && end == id.data() + id.size() && !id.empty()) return number;
  return id;
}
}  // namespace

std::string OneBotAdapter::request_body(const core::OutgoingMessage& message) {
  json segments = json::array();
  if (message.in_reply_to && message.chat.kind == core::ChatKind::group) {
    segments.push_back({{"type", "reply"}, {"data", {{"id", message_id_of(*message.in_reply_to)}}}});
  }
  for (const auto& user : message.mentions) {
    segments.push_back({{"type", "at"}, {"data", {{"qq", user}}}});
    segments.push_back({{"type", "text"}, {"data", {{"text", " "}}}});
  }
  segments.push_back({{"type", "text"}, {"data", {{"text", message.text}}}});
  json body = {{"message", segments}, {"auto_escape", false}};
  if (message.chat.kind == core::ChatKind::group) body["group_id"] = id_value(message.chat.id);
  else body["user_id"] = id_value(message.chat.id);
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

net::awaitable<DeliveryResult> OneBotAdapter::send(const core::OutgoingMessage& message,
                                                         const SendRoute& /*route: OneBot always pushes*/) {
  using Kind = DeliveryResult::Kind;
  const std::string action = message.chat.kind == core::ChatKind::group ? "send_group_msg" : "send_private_msg";
  net::Headers headers{{"Content-Type", "application/json"}};
  if (!config_.access_token.empty()) headers.emplace("Authorization", "Bearer " + config_.access_token);
  auto response = co_await client_.request("POST", net::url_under(config_.api_base, "/" + action), headers, request_body(message), send_timeout_);
  if (response.error) co_return network_failure(response);
  if (response.status == 401 || response.status == 403)
    co_return DeliveryResult{Kind::failed, "", "access token rejected (HTTP " + std::to_string(response.status) +
                                                        "): check platforms.onebot.access_token"};
  if (response.status >= 500 || response.status == 429)
    co_return DeliveryResult{Kind::retry, "", "HTTP " + std::to_string(response.status)};
  if (response.status != 200)
    co_return DeliveryResult{Kind::failed, "", "HTTP " + std::to_string(response.status)};
  json reply = json::parse(response.body, nullptr, false);
  if (reply.is_discarded() || !reply.is_object())
    co_return DeliveryResult{Kind::retry, "", "answer is not JSON"};
  const long long retcode = reply.value("retcode", -1LL);
  if (retcode == 0 || retcode == 1) {  // 1: accepted asynchronously, no id
    std::string id;
    if (auto data = reply.find("data"); data != reply.end() && data->is_object()) {
      if (auto m = data->find("message_id"); m != data->end()) id = m->is_string() ? m->get<std::string>() : m->dump();
    }
    co_return DeliveryResult{Kind::sent, id, ""};
  }
  // A failed action (retcode 100, 200, …) may be passing (risk control, network); retry up to the limit.
  co_return DeliveryResult{Kind::retry, "", "retcode " + std::to_string(retcode)};
}

}  // namespace jiaxiao::adapters::onebot
