#pragma once
// Builds OneBot v11 event bodies and signed requests for end-to-end tests.

#include <nlohmann/json.hpp>
#include <string>

#include "bot/adapters/onebot/signature.hpp"
#include "bot/net/http_types.hpp"

namespace jiaxiao::testing {

/// A group message event from user 12345678 in group 987654321 to bot 10001000, text as one segment.
inline std::string onebot_group_event(long long message_id, const std::string& text, long long time = 1'715'000'000,
                                      long long user_id = 12345678) {
  nlohmann::json event = {{"time", time},          {"self_id", 10001000},   {"post_type", "message"},
                          {"message_type", "group"}, {"sub_type", "normal"}, {"message_id", message_id},
                          {"group_id", 987654321},   {"user_id", user_id},
                          {"message", {{{"type", "text"}, {"data", {{"text", text}}}}}},
                          {"sender", {{"user_id", user_id}, {"nickname", "家长"}}}};
  return event.dump();
}

/// Headers of a signed OneBot POST.
inline net::Headers onebot_headers(const std::string& secret, const std::string& body) {
  return {{"Content-Type", "application/json"}, {"X-Self-ID", "10001000"},
          {"X-Signature", adapters::onebot::sign(secret, body)}};
}

}  // namespace jiaxiao::testing

namespace jiaxiao::testing {

/// A group message event whose segments are given as JSON (for @-mentions).
inline std::string onebot_group_event_segments(long long message_id, const nlohmann::json& segments,
                                               long long user_id, long long time = 1'715'000'000) {
  nlohmann::json event = nlohmann::json::parse(onebot_group_event(message_id, "", time, user_id));
  event["message"] = segments;
  return event.dump();
}

/// The text a send_group_msg / send_private_msg body carries (its last text segment).
inline std::string sent_text(const std::string& request_body) {
  const auto body = nlohmann::json::parse(request_body);
  return body["message"].back()["data"]["text"].get<std::string>();
}

}  // namespace jiaxiao::testing

namespace jiaxiao::testing {

/// A private message event from `user_id` to the bot.
inline std::string onebot_private_event(long long message_id, const std::string& text, long long user_id,
                                        long long time = 1'715'000'000) {
  nlohmann::json event = nlohmann::json::parse(onebot_group_event(message_id, text, time, user_id));
  event["message_type"] = "private";
  event["sub_type"] = "friend";
  event.erase("group_id");
  return event.dump();
}

}  // namespace jiaxiao::testing
