#include "bot/adapters/wecom/api.hpp"

#include <cctype>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

#include "bot/core/log.hpp"

namespace jiaxiao::adapters::wecom {

using nlohmann::json;
using Kind = DeliveryResult::Kind;

namespace {
/// A refreshed token is used until this long before WeCom says it expires.

std::string query_value(const std::string& value) { return boost::urls::encode(value, boost::urls::unreserved_chars); }

std::string dump(const json& body) { return body.dump(-1, ' ', false, json::error_handler_t::replace); }

long long errcode_of(const json& answer) {
  auto it = answer.find("errcode");
  if (it == answer.end()) return 0;  // a response_url answer may carry none
  if (it->is_number_integer()) return it->get<long long>();
  return -999999;
}
}  // namespace

bool token_refused(const net::ClientResponse& response) {
  if (response.error || response.status != 200) return false;
  const json answer = json::parse(response.body, nullptr, false);
  return answer.is_object() && token_expired(errcode_of(answer));
}

bool token_expired(long long errcode) {
  return errcode == 40014 || errcode == 42001 || errcode == 42007 || errcode == 42009;
}

DeliveryResult classify(const net::ClientResponse& response) {
  if (response.error) return network_failure(response);
  if (response.status >= 500 || response.status == 429) return {Kind::retry, "", "HTTP " + std::to_string(response.status)};
  if (response.status != 200) return {Kind::failed, "", "HTTP " + std::to_string(response.status)};
  const json answer = json::parse(response.body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) return {Kind::retry, "", "answer is not JSON"};
  const long long code = errcode_of(answer);
  const std::string tag = "errcode " + std::to_string(code);
  DeliveryResult result{Kind::failed, "", tag};
  switch (code) {
    case 0:
      result = {Kind::sent, "", ""};
      if (auto id = answer.find("msgid"); id != answer.end() && id->is_string()) result.platform_message_id = *id;
      break;
    case -1:     // system busy
    case 45009:  // call frequency exceeded (20/min per group robot)
    case 45033:  // too many concurrent calls
      result.kind = Kind::retry;
      break;
    case 40014: case 42001: case 42007: case 42009:
      result = {Kind::retry, "", tag + " (access token expired)"};
      break;
    case 60020:
      result = {Kind::retry, "", tag + ": this server's IP is not in the app's 企业可信IP list", true, false};
      break;
    case 40001:
      result = {Kind::retry, "", tag + ": the secret was refused; check platforms.wecom.secret", true, false};
      break;
    case 40013:
      result = {Kind::retry, "", tag + ": the CorpID was refused; check platforms.wecom.corp_id", true, false};
      break;
    case 93000: case 93004: case 93008: case 86003:
      result = {Kind::failed, "", tag + ": the group robot was removed or disabled, or the chat is gone", false, true};
      break;
    default:
      break;
  }
  return result;
}

std::string robot_body(const std::string& text, const std::vector<std::string>& mentions) {
  json content = {{"content", text}};
  if (!mentions.empty()) content["mentioned_list"] = mentions;
  return dump({{"msgtype", "text"}, {"text", content}});
}

std::string markdown_inert(std::string_view text) {
  // A zero-width space breaks a link ("](") and an HTML tag ("<font", "<a") without changing what is read.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    const bool link = text[i] == ']' && next == '(';
    const bool tag = text[i] == '<' && (std::isalpha(static_cast<unsigned char>(next)) != 0 || next == '/' || next == '@' || next == '!');
    if (link || tag) out += "\u200B";
  }
  return out;
}

std::string response_body(const std::string& text, const std::vector<std::string>& mentions) {
  std::string content;
  for (const auto& user : mentions) content += "<@" + user + "> ";
  content += markdown_inert(text);
  return dump({{"msgtype", "markdown"}, {"markdown", {{"content", content}}}});
}

std::string member_body(const std::string& agent_id, const std::string& user, const std::string& text,
                        std::optional<std::int64_t> duplicate_check_s) {
  json agent = agent_id;
  try {
    agent = std::stoll(agent_id);  // an integer in WeCom's examples; config checks it is digits
  } catch (const std::exception&) {
  }
  json body = {{"touser", user}, {"msgtype", "text"}, {"agentid", agent}, {"text", {{"content", text}}}, {"safe", 0}};
  if (duplicate_check_s) {
    body["enable_duplicate_check"] = 1;
    body["duplicate_check_interval"] = *duplicate_check_s;
  }
  return dump(body);
}

std::optional<std::int64_t> duplicate_check_since(std::int64_t first_try_ms, std::int64_t now_ms,
                                                  std::chrono::milliseconds timeout) {
  const std::int64_t since_ms = now_ms > first_try_ms ? now_ms - first_try_ms : 0;
  const std::int64_t seconds = (since_ms + timeout.count()) / 1000 + 60;
  if (seconds > max_duplicate_check_s) return std::nullopt;
  return seconds;
}

WeComApi::WeComApi(net::asio::any_io_executor executor, WeComConfig config, const core::Clock& clock,
                   std::chrono::milliseconds timeout)
    : config_(std::move(config)), clock_(clock), timeout_(timeout), client_(executor), token_(5 * 60 * 1000, 60'000) {}

bool WeComApi::app_configured() const {
  return !config_.corp_id.empty() && !config_.secret.empty() && !config_.agent_id.empty();
}

std::string WeComApi::url(const std::string& path) const {
  return net::url_under(config_.api_base, path);
}

net::awaitable<net::ClientResponse> WeComApi::post(const std::string& target, const std::string& body) {
  // Named first: GCC 12 mishandles a braced temporary inside a co_await expression.
  net::Headers headers{{"Content-Type", "application/json"}};
  co_return co_await client_.request("POST", target, std::move(headers), body, timeout_);
}

net::awaitable<std::string> WeComApi::token(DeliveryResult& failure) {
  const std::int64_t now = clock_.now_ms();
  if (const auto& cached = token_.current(now); !cached.empty()) co_return cached;
  const std::string target =
      url("/cgi-bin/gettoken?corpid=" + query_value(config_.corp_id) + "&corpsecret=" + query_value(config_.secret));
  net::Headers none;
  auto response = co_await client_.request("GET", target, std::move(none), "", timeout_);
  failure = classify(response);
  if (failure.kind != Kind::sent) {
    if (failure.kind == Kind::failed) failure.kind = Kind::retry;  // the token is not the message's fault
    failure.error = "gettoken: " + failure.error;
    co_return "";
  }
  const json answer = json::parse(response.body, nullptr, false);
  const std::string fresh = answer.is_object() ? answer.value("access_token", "") : "";
  if (fresh.empty()) {
    failure = {Kind::retry, "", "gettoken: no access_token in the answer"};
    co_return "";
  }
  long long expires_in = 7200;
  if (auto e = answer.find("expires_in"); e != answer.end() && e->is_number_integer()) expires_in = e->get<long long>();
  core::log::info("wecom_token_refreshed", "valid_s", token_.store(fresh, expires_in, now));
  co_return fresh;
}

bool WeComApi::duplicate_check_covers(std::int64_t first_try_ms) const {
  return duplicate_check_since(first_try_ms, clock_.now_ms(), timeout_).has_value();
}

net::awaitable<DeliveryResult> WeComApi::send_to_member(const std::string& user, const std::string& text,
                                                        std::optional<std::int64_t> repeats_since_ms) {
  // Only a repeat asks for the check: a first send must never be dropped for matching an earlier text
  // (two identical confirmations to one teacher are both wanted).
  std::optional<std::int64_t> check;
  if (repeats_since_ms) check = duplicate_check_since(*repeats_since_ms, clock_.now_ms(), timeout_);
  const std::string body = member_body(config_.agent_id, user, text, check);
  DeliveryResult failure;
  std::string access = co_await token(failure);
  if (access.empty()) co_return failure;
  auto response = co_await post(url("/cgi-bin/message/send?access_token=" + query_value(access)), body);
  if (!token_refused(response)) co_return classify(response);
  // WeCom may drop a token before its time: one fresh token, one more try.
  token_.drop();
  access = co_await token(failure);
  if (access.empty()) co_return failure;
  response = co_await post(url("/cgi-bin/message/send?access_token=" + query_value(access)), body);
  co_return classify(response);
}

net::awaitable<DeliveryResult> WeComApi::send_to_robot(const std::string& key, const std::string& text,
                                                            const std::vector<std::string>& mentions) {
  auto response = co_await post(url("/cgi-bin/webhook/send?key=" + query_value(key)), robot_body(text, mentions));
  co_return classify(response);
}

net::awaitable<DeliveryResult> WeComApi::respond(const std::string& target, const std::string& text,
                                                      const std::vector<std::string>& mentions) {
  auto response = co_await post(target, response_body(text, mentions));
  auto result = classify(response);
  // A refused response_url (used, expired) says nothing about the chat: try again another way.
  if (result.kind == Kind::failed) {
    result.kind = Kind::retry;
    result.chat_unreachable = false;
    result.error = "response_url: " + result.error;
  }
  co_return result;
}

}  // namespace jiaxiao::adapters::wecom
