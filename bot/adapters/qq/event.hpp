#pragma once
// The QQ official bot's webhook payloads (shared/PROTOCOLS.md §2.1, §2.3, §2.4): {"op","d","t","id"}.
// op 13 asks to validate the callback address; op 0 dispatches an event, of which group @-messages and
// one-to-one messages become IncomingMessages, each with its passive-reply window, and the bot's being
// added to or removed from a group is noted (the group's openid).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"
#include "bot/core/result.hpp"

namespace jiaxiao::adapters::qq {

/// One callback, parsed.
struct Callback {
  int op = 0;
  std::string type;                              // `t` of a dispatch
  std::optional<core::IncomingMessage> message;  // GROUP_AT_MESSAGE_CREATE, C2C_MESSAGE_CREATE
  std::string robot_group;                       // GROUP_ADD_ROBOT, GROUP_DEL_ROBOT: d.group_openid
  std::string plain_token, event_ts;             // op 13
};

/// How long a passive reply is used: QQ's 5 minutes in a group, 60 minutes one to one, each less a margin.
inline constexpr std::int64_t group_window_ms = 4 * 60 * 1000 + 30 * 1000;
inline constexpr std::int64_t c2c_window_ms = 59 * 60 * 1000;
/// Replies QQ allows per incoming message.
inline constexpr int replies_per_message = 5;

/// Parses a callback body received at `now_ms` (the windows count from then).
core::Parsed<Callback> parse_callback(std::string_view body, std::int64_t now_ms);

/// Group content without the leading blank and "<@!botid>" / "<@botid>" mentions QQ may put first.
std::string strip_bot_mentions(std::string_view content);

}  // namespace jiaxiao::adapters::qq
