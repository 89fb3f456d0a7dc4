#include "bot/adapters/console/format.hpp"

namespace jiaxiao::adapters::console {

std::string format_for_terminal(const core::OutgoingMessage& message, const core::ChatRef& here) {
  std::string first = "家校助手> ";
  if (message.chat != here)
    first = std::string("家校助手 → ") + (message.chat.kind == core::ChatKind::private_chat ? "私聊 " : "群 ") + message.chat.id + "> ";
  for (const auto& user : message.mentions) first += "@" + user + " ";
  const std::string indent = "          ";
  std::string out;
  std::size_t start = 0;
  for (bool is_first = true;; is_first = false) {
    const std::size_t end = message.text.find('\n', start);
    out += (is_first ? first : indent) + message.text.substr(start, end == std::string::npos ? end : end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace jiaxiao::adapters::console
