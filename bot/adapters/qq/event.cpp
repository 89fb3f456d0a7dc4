#include "bot/adapters/json_body.hpp"
#include "bot/adapters/qq/event.hpp"

#include <nlohmann/json.hpp>

#include "bot/core/text.hpp"

namespace jiaxiao::adapters::qq {

using nlohmann::json;

namespace {
std::string text_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}
}  // namespace

std::string strip_bot_mentions(std::string_view content) {
  content = core::trim(content);
  while (content.substr(0, 2) == "<@") {
    const std::size_t end = content.find('>');
    if (end == std::string_view::npos) break;
    content = core::trim(content.substr(end + 1));
  }
  return std::string(content);
}

core::Parsed<Callback> parse_callback(std::string_view body, std::int64_t now_ms) {
  const json doc = parse_body(body);
  if (doc.is_discarded() || !doc.is_object()) return core::ParseError{"not a JSON object"};
  auto op = doc.find("op");
  if (op == doc.end() || !op->is_number_integer()) return core::ParseError{"no op"};
  Callback out;
  out.op = op->get<int>();
  auto d = doc.find("d");
  if (out.op == 13) {
    if (d == doc.end() || !d->is_object()) return core::ParseError{"op 13 without d"};
    out.plain_token = text_at(*d, "plain_token");
    out.event_ts = text_at(*d, "event_ts");  // a string now, a number in an old draft
    if (out.plain_token.empty() || out.event_ts.empty()) return core::ParseError{"op 13 without plain_token or event_ts"};
    return out;
  }
  if (out.op != 0) return out;
  out.type = text_at(doc, "t");
  if (out.type == "GROUP_ADD_ROBOT" || out.type == "GROUP_DEL_ROBOT") {
    if (d == doc.end() || !d->is_object()) return core::ParseError{out.type + " without d"};
    out.robot_group = text_at(*d, "group_openid");
    if (out.robot_group.empty()) return core::ParseError{"no group_openid"};
    return out;
  }
  const bool group = out.type == "GROUP_AT_MESSAGE_CREATE";
  if (!group && out.type != "C2C_MESSAGE_CREATE") return out;  // acknowledged, not acted on
  if (d == doc.end() || !d->is_object()) return core::ParseError{out.type + " without d"};
  core::IncomingMessage m;
  m.platform_message_id = text_at(*d, "id");
  if (m.platform_message_id.empty()) return core::ParseError{"message without id"};
  auto author = d->find("author");
  if (author == d->end() || !author->is_object()) return core::ParseError{"message without author"};
  const std::string user = text_at(*author, group ? "member_openid" : "user_openid");
  if (user.empty()) return core::ParseError{group ? "no author.member_openid" : "no author.user_openid"};
  m.sender = {"qq", user, ""};
  if (group) {
    const std::string group_id = text_at(*d, "group_openid");
    if (group_id.empty()) return core::ParseError{"no group_openid"};
    m.chat = {"qq", core::ChatKind::group, group_id};
    m.mentions_bot = true;  // the bot hears only @-messages in groups
    m.text = strip_bot_mentions(text_at(*d, "content"));
  } else {
    m.chat = {"qq", core::ChatKind::private_chat, user};
    m.text = std::string(core::trim(text_at(*d, "content")));
  }
  if (auto attachments = d->find("attachments"); attachments != d->end() && attachments->is_array()) {
    for (const auto& a : *attachments) {
      const std::string type = a.is_object() ? text_at(a, "content_type") : "";
      m.text += type.rfind("image", 0) == 0 ? "[图片]" : "[文件]";
    }
  }
  m.sent_at_ms = now_ms;
  m.reply_window = core::ReplyWindow{m.platform_message_id, now_ms + (group ? group_window_ms : c2c_window_ms),
                                     replies_per_message};
  out.message = std::move(m);
  return out;
}

}  // namespace jiaxiao::adapters::qq
