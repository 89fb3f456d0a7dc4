#include "bot/adapters/console/format.hpp"

namespace jiaxiao::adapters::console {

std::string format_for_terminal(const core::OutgoingMessage& message) {
  std::string first = "家校助手> ";
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
