#include "bot/adapters/qq/adapter.hpp"

#include <nlohmann/json.hpp>

#include "bot/adapters/qq/event.hpp"
#include "bot/core/log.hpp"

namespace jiaxiao::adapters::qq {

using nlohmann::json;
using Kind = DeliveryResult::Kind;

namespace {
/// A token is used until this long before QQ says it expires (QQ issues a new one in the last 60 s).


net::Response json_response(const json& body) {
  net::Response response;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

long long code_of(const json& answer) {
  auto it = answer.find("code");
  return it != answer.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

/// QQ refused the access token (HTTP 401, or codes 11241–11243).
bool token_refused(const net::ClientResponse& response) {
  if (response.error) return false;
  const json answer = json::parse(response.body, nullptr, false);
  const long long code = answer.is_object() ? code_of(answer) : 0;
  return response.status == 401 || (code >= 11241 && code <= 11243);
}
}  // namespace

DeliveryResult classify(const net::ClientResponse& response) {
  if (response.error) return network_failure(response);
  const json answer = json::parse(response.body, nullptr, false);
  const long long code = answer.is_object() ? code_of(answer) : 0;
  const std::string tag = "HTTP " + std::to_string(response.status) + (code ? " code " + std::to_string(code) : "");
  if (token_refused(response)) return {Kind::retry, "", tag + " (access token refused)"};
  if (response.status >= 500 || response.status == 429 || code == 22009) return {Kind::retry, "", tag};
  if (response.status >= 200 && response.status < 300 && code == 0) {
    DeliveryResult sent{Kind::sent, "", ""};
    if (answer.is_object()) {
      if (auto id = answer.find("id"); id != answer.end() && id->is_string()) sent.platform_message_id = *id;
    }
    return sent;
  }
  if (response.status == 403) return {Kind::failed, "", tag + ": check the bot's IP allow-list and permissions", true, false};
  return {Kind::failed, "", tag};
}

std::string reply_body(const std::string& text, const std::string& msg_id, int msg_seq) {
  return json{{"content", text}, {"msg_type", 0}, {"msg_id", msg_id}, {"msg_seq", msg_seq}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

QqAdapter::QqAdapter(net::asio::any_io_executor executor, const QqConfig& config, const core::Clock& clock,
                     std::chrono::milliseconds send_timeout)
    : config_(config),
      key_(config.secret),
      clock_(clock),
      send_timeout_(send_timeout),
      client_(executor),
      token_(90 * 1000, 30'000) {}

WebhookOutcome QqAdapter::handle_webhook(const net::Request& request) {
  if (request.method != "POST") return refused(405, "method not allowed\n", false);
  const std::string* signature = request.header("X-Signature-Ed25519");
  const std::string* timestamp = request.header("X-Signature-Timestamp");
  if (signature == nullptr || timestamp == nullptr) return refused(401, "missing signature headers\n", true);
  if (!key_.verify(*timestamp, request.body, *signature)) return refused(401, "bad signature\n", true);
  if (!timestamp_fresh(*timestamp, clock_.now_ms(), config_.timestamp_window))
    return refused(401, "stale or bad X-Signature-Timestamp\n", true);
  auto callback = parse_callback(request.body, clock_.now_ms());
  if (!callback) {
    core::log::warn("qq_bad_callback", "reason", callback.error());
    return refused(400, "bad callback: " + callback.error() + "\n", false);
  }
  WebhookOutcome outcome;
  if (callback->op == 13) {
    outcome.response = json_response(
        {{"plain_token", callback->plain_token}, {"signature", key_.sign_hex(callback->event_ts + callback->plain_token)}});
    return outcome;
  }
  // The ACK of a dispatch; the app sends it only after the message is committed.
  outcome.response = json_response({{"op", 12}, {"d", 0}});
  outcome.message = std::move(callback->message);
  if (!callback->robot_group.empty())
    outcome.membership = Membership{{name, core::ChatKind::group, callback->robot_group}, callback->type == "GROUP_ADD_ROBOT"};
  return outcome;
}

net::awaitable<std::string> QqAdapter::token(DeliveryResult& failure) {
  const std::int64_t now = clock_.now_ms();
  if (const auto& cached = token_.current(now); !cached.empty()) co_return cached;
  net::Headers headers{{"Content-Type", "application/json"}};
  const std::string body = json{{"appId", config_.app_id}, {"clientSecret", config_.secret}}.dump();
  auto response = co_await client_.request("POST", config_.token_url, std::move(headers), body, send_timeout_);
  const json answer = json::parse(response.body, nullptr, false);
  std::string fresh;
  long long expires_in = 7200;
  if (!response.error && response.status == 200 && answer.is_object()) {
    fresh = answer.value("access_token", "");
    if (auto e = answer.find("expires_in"); e != answer.end()) {
      if (e->is_number_integer()) expires_in = e->get<long long>();
      else if (e->is_string()) expires_in = std::atoll(e->get<std::string>().c_str());  // "7200" in the docs
    }
  }
  if (fresh.empty()) {
    failure = classify(response);
    failure.kind = Kind::retry;
    failure.error = "getAppAccessToken: " + (failure.error.empty() ? std::string("no access_token") : failure.error);
    if (!response.error && (response.status == 200 || response.status == 401)) failure.config_error = true;
    co_return "";
  }
  core::log::info("qq_token_refreshed", "valid_s", token_.store(fresh, expires_in, now));
  co_return fresh;
}

net::awaitable<DeliveryResult> QqAdapter::send(const core::OutgoingMessage& message, const SendRoute& route) {
  if (!route.window) co_return DeliveryResult{Kind::retry, "", "no reply window"};
  DeliveryResult failure;
  const std::string access = co_await token(failure);
  if (access.empty()) co_return failure;
  const std::string path = message.chat.kind == core::ChatKind::group ? "/v2/groups/" + message.chat.id + "/messages"
                                                                      : "/v2/users/" + message.chat.id + "/messages";
  net::Headers headers{{"Content-Type", "application/json"}, {"Authorization", "QQBot " + access}};
  auto response = co_await client_.request("POST", net::url_under(config_.api_base, path), std::move(headers),
                                           reply_body(message.text, route.window->handle, route.window->seq),
                                           send_timeout_);
  auto result = classify(response);
  // A refused token is dropped; the retry takes a fresh token and the window's next msg_seq.
  if (token_refused(response)) token_.drop();
  co_return result;
}

}  // namespace jiaxiao::adapters::qq
