#include "bot/adapters/json_body.hpp"
#include "bot/adapters/wecom/callback.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "bot/core/clock.hpp"
#include "bot/core/command.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::adapters::wecom {

using nlohmann::json;

namespace {

/// The placeholder of a message type that carries no text (as the OneBot adapter writes them).
std::string placeholder(std::string_view type) {
  if (type == "image") return "[图片]";
  if (type == "voice") return "[语音]";
  if (type == "video") return "[视频]";
  if (type == "file") return "[文件]";
  if (type == "location") return "[位置]";
  if (type == "link") return "[链接]";
  return "[" + std::string(type) + "]";
}

/// Whether `text` at `pos` starts with a blank WeCom puts after an @-mention.
std::size_t blank_length(std::string_view text, std::size_t pos) {
  static constexpr std::string_view blanks[] = {" ", "\t", "\n", "\u2005", "\u00a0", "\u3000"};
  for (auto blank : blanks) {
    if (text.substr(pos, blank.size()) == blank) return blank.size();
  }
  return 0;
}

/// Removes a leading "@名字" and the blank after it (the robot is named in every group message).
std::string strip_leading_mention(std::string_view text) {
  text = core::trim(text);
  if (text.empty() || text[0] != '@') return std::string(text);
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (const std::size_t n = blank_length(text, i); n > 0) return std::string(core::trim(text.substr(i + n)));
  }
  return "";  // only the mention: an empty message
}

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

/// The text of a robot message body (text, mixed, voice, …) of type `type` inside `object`.
std::string robot_text(const json& object, const std::string& type) {
  if (type == "text") {
    auto text = object.find("text");
    return text != object.end() && text->is_object() ? string_at(*text, "content") : "";
  }
  if (type == "voice") {  // speech to text
    auto voice = object.find("voice");
    return voice != object.end() && voice->is_object() ? string_at(*voice, "content") : placeholder(type);
  }
  if (type == "mixed") {
    auto mixed = object.find("mixed");
    if (mixed == object.end() || !mixed->is_object()) return "";
    auto items = mixed->find("msg_item");
    if (items == mixed->end() || !items->is_array()) return "";
    std::string out;
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      const std::string item_type = string_at(item, "msgtype");
      out += item_type == "text" ? robot_text(item, item_type) : placeholder(item_type);
    }
    return out;
  }
  return placeholder(type);
}

}  // namespace

std::optional<XmlFields> top_level_fields(std::string_view xml) {
  pugi::xml_document doc;
  // No DOCTYPE, no external anything: pugixml never loads entities beyond the predefined and numeric ones.
  const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return std::nullopt;
  const pugi::xml_node root = doc.document_element();
  if (!root) return std::nullopt;
  XmlFields fields;
  for (const pugi::xml_node element : root.children()) {
    if (element.type() != pugi::node_element) continue;
    std::string text;  // character data and CDATA sections may alternate
    for (const pugi::xml_node part : element.children()) {
      if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
    }
    fields.try_emplace(element.name(), std::move(text));  // the first of a repeated element counts
  }
  return fields;
}

std::optional<std::string> xml_field(std::string_view xml, std::string_view tag) {
  auto fields = top_level_fields(xml);
  if (!fields) return std::nullopt;
  auto found = fields->find(std::string(tag));
  if (found == fields->end()) return std::nullopt;
  return std::move(found->second);
}

core::Parsed<std::optional<core::IncomingMessage>> parse_app_message(std::string_view xml) {
  // Only the top-level elements of <xml> count: a member's Content may hold "<MsgId>42</MsgId>" as text.
  const auto fields = top_level_fields(xml);
  if (!fields) return core::ParseError{"not well-formed XML"};
  const auto field = [&](const char* tag) -> std::optional<std::string> {
    auto found = fields->find(tag);
    if (found == fields->end()) return std::nullopt;
    return found->second;
  };
  const auto type = field("MsgType");
  if (!type) return core::ParseError{"no MsgType"};
  if (*type == "event") return std::optional<core::IncomingMessage>{};
  const auto from = field("FromUserName");
  const auto id = field("MsgId");
  if (!from || from->empty()) return core::ParseError{"no FromUserName"};
  if (!id || id->empty()) return core::ParseError{"no MsgId"};
  core::IncomingMessage m;
  m.platform_message_id = *id;
  m.chat = {"wecom", core::ChatKind::private_chat, *from};
  m.sender = {"wecom", *from, ""};
  if (*type == "text") {
    m.text = field("Content").value_or("");
  } else if (const auto recognised = field("Recognition"); *type == "voice" && recognised) {
    m.text = *recognised;
  } else {
    m.text = placeholder(*type);
  }
  long long seconds = 0;
  const std::string created = field("CreateTime").value_or("");
  std::from_chars(created.data(), created.data() + created.size(), seconds);
  m.sent_at_ms = core::seconds_to_ms(seconds);
  return std::optional<core::IncomingMessage>(std::move(m));
}

core::Parsed<std::optional<core::IncomingMessage>> parse_robot_message(std::string_view body, std::int64_t now_ms) {
  const json doc = parse_body(body);
  if (doc.is_discarded() || !doc.is_object()) return core::ParseError{"not a JSON object"};
  const std::string type = string_at(doc, "msgtype");
  if (type.empty()) return core::ParseError{"no msgtype"};
  // Events (enter_chat, card clicks, feedback) and stream refreshes are not messages.
  if (type == "event" || type == "stream") return std::optional<core::IncomingMessage>{};
  const std::string id = string_at(doc, "msgid");
  if (id.empty()) return core::ParseError{"no msgid"};
  std::string user;
  if (auto from = doc.find("from"); from != doc.end() && from->is_object()) user = string_at(*from, "userid");
  if (user.empty()) return core::ParseError{"no from.userid"};
  const std::string chat_type = string_at(doc, "chattype");
  const std::string chat_id = string_at(doc, "chatid");
  core::IncomingMessage m;
  m.platform_message_id = id;
  m.sender = {"wecom", user, ""};
  if (chat_type == "group") {
    if (chat_id.empty()) return core::ParseError{"group message without chatid"};
    m.chat = {"wecom", core::ChatKind::group, chat_id};
    m.mentions_bot = true;  // the robot hears only messages that @-mention it
    m.text = strip_leading_mention(robot_text(doc, type));
  } else {
    m.chat = {"wecom", core::ChatKind::private_chat, user};
    m.text = std::string(core::trim(robot_text(doc, type)));
  }
  if (auto quote = doc.find("quote"); quote != doc.end() && quote->is_object()) {
    const std::string quoted = robot_text(*quote, string_at(*quote, "msgtype"));
    m.quoted_thread = core::find_thread_reference(core::normalise(quoted));
  }
  m.sent_at_ms = now_ms;
  if (const std::string url = string_at(doc, "response_url"); !url.empty()) {
    m.reply_window = core::ReplyWindow{url, now_ms + response_url_life_ms, 1};
  }
  return std::optional<core::IncomingMessage>(std::move(m));
}

}  // namespace jiaxiao::adapters::wecom
