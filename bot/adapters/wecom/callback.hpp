#pragma once
// The decrypted bodies of WeCom callbacks turned into IncomingMessages (shared/PROTOCOLS.md §1.2, §1.3):
// the self-built app's XML (a member's message to the app, always one-to-one) and the smart robot's JSON
// (an @-message in a group, or its single chat). Events are not messages: they are acknowledged and
// ignored (nullopt).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"
#include "bot/core/result.hpp"

namespace jiaxiao::adapters::wecom {

/// The top-level elements of WeCom's flat XML (the children of its root `<xml>`) by name, each with its
/// text (character data and CDATA, entities decoded); nullopt when the XML is not well-formed.
using XmlFields = std::map<std::string, std::string, std::less<>>;
std::optional<XmlFields> top_level_fields(std::string_view xml);
/// The text of the top-level element <tag>; nullopt when absent or the XML is not well-formed.
std::optional<std::string> xml_field(std::string_view xml, std::string_view tag);

/// A message the self-built app received (platform "wecom", a private chat with the member).
core::Parsed<std::optional<core::IncomingMessage>> parse_app_message(std::string_view xml);

/// A message the smart robot received; `now_ms` dates it (the callback carries no time) and its
/// response_url window. The "@机器人名" prefix of group messages is removed.
core::Parsed<std::optional<core::IncomingMessage>> parse_robot_message(std::string_view json, std::int64_t now_ms);

/// How long a response_url is used: WeCom's hour, less a margin for the clock and the send.
inline constexpr std::int64_t response_url_life_ms = 55 * 60 * 1000;

}  // namespace jiaxiao::adapters::wecom
