#pragma once
// The WeCom server APIs jiaxiao sends through (shared/PROTOCOLS.md §1.5): the app's access token
// (gettoken, cached per secret, refreshed once on the expiry codes), message/send to a member, a group
// robot's webhook/send, and a smart robot message's response_url. Answers are judged by errcode, never
// by errmsg.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/net/http_client.hpp"
#include "bot/adapters/sender.hpp"
#include "bot/adapters/token_cache.hpp"
#include "bot/adapters/wecom/config.hpp"

namespace jiaxiao::adapters::wecom {

/// What a WeCom answer means for the outbox: errcode 0 sent; -1, 45009, 45033 and the token codes
/// retried; 60020, 40001 and 40013 retried but flagged as configuration errors; 93000, 93004, 93008
/// and 86003 failed with the chat unreachable; anything else failed. Network errors, 5xx and 429 retried.
DeliveryResult classify(const net::ClientResponse& response);

/// Whether errcode says the access token is no longer valid (40014, 42001, 42007, 42009).
bool token_expired(long long errcode);
/// Whether an API answer carries one of those codes.
bool token_refused(const net::ClientResponse& response);

/// The text message body of a group robot: `mentions` as mentioned_list (they do not count against
/// the 2048 bytes of content).
std::string robot_body(const std::string& text, const std::vector<std::string>& mentions);
/// `text` with nothing markdown would turn into a link or a tag: a member's "[点此领取](http://…)" quoted in
/// an answer must not become a link in the bot's voice (a zero-width space after "]" before "(", and
/// after a "<" that starts a tag, a mention or a comment).
std::string markdown_inert(std::string_view text);
/// The markdown body posted to a response_url: mentions as <@userid> before the text (made inert).
std::string response_body(const std::string& text, const std::vector<std::string>& mentions);
/// The message/send body of a text to one member from the app; with `duplicate_check_s`, WeCom drops it
/// when the same text went to the same member within that many seconds (enable_duplicate_check).
std::string member_body(const std::string& agent_id, const std::string& user, const std::string& text,
                        std::optional<std::int64_t> duplicate_check_s = std::nullopt);
/// WeCom's longest duplicate_check_interval: 4 hours.
constexpr std::int64_t max_duplicate_check_s = 4 * 60 * 60;
/// The duplicate_check_interval that covers every send since `first_try_ms` (plus one call's `timeout`
/// and a minute of slack), or nullopt when that is longer than WeCom checks.
std::optional<std::int64_t> duplicate_check_since(std::int64_t first_try_ms, std::int64_t now_ms,
                                                  std::chrono::milliseconds timeout);

/// Sends through the WeCom APIs. Thread: coroutines on its executor, one at a time (the outbox's).
class WeComApi {
 public:
  WeComApi(net::asio::any_io_executor executor, WeComConfig config, const core::Clock& clock,
           std::chrono::milliseconds timeout);

  /// The app can send private messages (corp_id, secret and agent_id are set).
  bool app_configured() const;
  /// message/send of a text to one member, through the app; a repeat of a send whose outcome is unknown
  /// (first tried at `repeats_since_ms`) asks WeCom to drop it if the first one arrived.
  net::awaitable<DeliveryResult> send_to_member(const std::string& user, const std::string& text,
                                                std::optional<std::int64_t> repeats_since_ms = std::nullopt);
  /// Whether WeCom's duplicate check still covers a repeat of a send first tried at `first_try_ms`.
  bool duplicate_check_covers(std::int64_t first_try_ms) const;
  /// webhook/send of a text to a group robot.
  net::awaitable<DeliveryResult> send_to_robot(const std::string& key, const std::string& text,
                                                    const std::vector<std::string>& mentions);
  /// The one active reply a response_url allows.
  net::awaitable<DeliveryResult> respond(const std::string& url, const std::string& text,
                                              const std::vector<std::string>& mentions);

 private:
  /// The cached token, or a fresh one; on failure the result to report instead.
  net::awaitable<std::string> token(DeliveryResult& failure);
  net::awaitable<net::ClientResponse> post(const std::string& url, const std::string& body);
  std::string url(const std::string& path) const;

  WeComConfig config_;
  const core::Clock& clock_;
  std::chrono::milliseconds timeout_;
  net::HttpClient client_;
  TokenCache token_;  // used until 5 minutes before it expires
};

}  // namespace jiaxiao::adapters::wecom
