#include "bot/core/message.hpp"

namespace jiaxiao::core {

std::string_view to_string(ChatKind kind) { return kind == ChatKind::group ? "group" : "private"; }

std::optional<ChatKind> chat_kind_from_string(std::string_view text) {
  if (text == "group") return ChatKind::group;
  if (text == "private") return ChatKind::private_chat;
  return std::nullopt;
}

std::string qualified_id(std::string_view platform, std::string_view id) {
  std::string out;
  out.reserve(platform.size() + 1 + id.size());
  out.append(platform).append(":").append(id);
  return out;
}

}  // namespace jiaxiao::core
