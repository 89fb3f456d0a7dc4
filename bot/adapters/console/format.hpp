#pragma once
// The console platform: `jiaxiao console` chats with the bot from a terminal, through the same
// router, handlers and database; its "sending" is printing.

#include <string>

#include "bot/core/message.hpp"

namespace jiaxiao::adapters::console {

/// The registry's name of this platform.
inline constexpr const char* name = "console";

/// A bot message for the terminal: the first line prefixed "家校助手> " (and @-mentions), the
/// following lines indented to match. A message to another chat than `here` (a private note to the
/// teacher, a hint to the sender) says where it goes: "家校助手 → 私聊 wang> ".
std::string format_for_terminal(const core::OutgoingMessage& message, const core::ChatRef& here);

}  // namespace jiaxiao::adapters::console
