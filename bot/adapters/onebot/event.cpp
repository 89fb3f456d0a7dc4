#include "bot/adapters/json_body.hpp"
#include "bot/adapters/onebot/event.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::adapters::onebot {

using nlohmann::json;

namespace {

/// OneBot ids are numbers in the spec; some implementations send strings. Both become text.
std::optional<std::string> id_text(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number_unsigned()) return std::to_string(it->get<unsigned long long>());
  if (it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  return std::nullopt;
}

std::string string_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string placeholder(std::string_view type) {
  if (type == "face" || type == "mface" || type == "dice" || type == "rps") return "[表情]";
  if (type == "image") return "[图片]";
  if (type == "record") return "[语音]";
  if (type == "video") return "[视频]";
  if (type == "file") return "[文件]";
  if (type == "forward" || type == "node") return "[聊天记录]";
  if (type == "json" || type == "xml" || type == "share") return "[卡片]";
  if (type == "location") return "[位置]";
  return "[" + std::string(type) + "]";
}

/// One segment's effect on the message; `data` values are strings in the spec, numbers in some
/// implementations.
void apply_segment(std::string_view type, const std::function<std::string(const char*)>& data,
                   const std::string& self_id, core::IncomingMessage& out) {
  if (type == "text") {
    out.text += data("text");
  } else if (type == "at") {
    const std::string qq = data("qq");
    if (qq == self_id && !self_id.empty()) out.mentions_bot = true;
    else if (qq == "all") out.text += "@全体成员 ";
    else if (!qq.empty()) out.mentions.push_back(qq);
  } else if (type == "reply") {
    if (!data("id").empty()) out.reply_to = data("id");
  } else {
    out.text += placeholder(type);
  }
}

std::string unescape_cq(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      static constexpr std::pair<std::string_view, char> entities[] = {
          {"&amp;", '&'}, {"&#91;", '['}, {"&#93;", ']'}, {"&#44;", ','}};
      bool replaced = false;
      for (const auto& [entity, c] : entities) {
        if (text.substr(i, entity.size()) == entity) {
          out.push_back(c);
          i += entity.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace

void apply_cq_string(std::string_view cq, const std::string& self_id, core::IncomingMessage& out) {
  std::size_t pos = 0;
  while (pos < cq.size()) {
    const std::size_t open = cq.find("[CQ:", pos);
    const std::size_t close = open == std::string_view::npos ? open : cq.find(']', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      out.text += unescape_cq(cq.substr(pos));
      return;
    }
    out.text += unescape_cq(cq.substr(pos, open - pos));
    // [CQ:type,key=value,key=value]: the type runs to the first ',' or ']'; values split at the first '='.
    const std::string_view code = cq.substr(open + 4, close - open - 4);
    const std::size_t comma = code.find(',');
    const std::string_view type = code.substr(0, comma);
    std::vector<std::pair<std::string, std::string>> params;
    for (std::size_t p = comma; p != std::string_view::npos && p < code.size();) {
      const std::size_t next = code.find(',', p + 1);
      const std::string_view param = code.substr(p + 1, next == std::string_view::npos ? next : next - p - 1);
      const std::size_t eq = param.find('=');
      if (eq != std::string_view::npos)
        params.emplace_back(std::string(param.substr(0, eq)), unescape_cq(param.substr(eq + 1)));
      p = next;
    }
    apply_segment(
        type,
        [&](const char* key) {
          for (const auto& [k, v] : params) {
            if (k == key) return v;
          }
          return std::string();
        },
        self_id, out);
    pos = close + 1;
  }
}

std::string message_id_of(std::string_view dedupe_key) { return std::string(dedupe_key.substr(0, dedupe_key.find(':'))); }

core::Parsed<Event> parse_event(std::string_view body) {
  json doc = parse_body(body);
  if (doc.is_discarded() || !doc.is_object()) return core::ParseError{"body is not a JSON object"};
  Event event;
  event.self_id = id_text(doc, "self_id").value_or("");
  const std::string post_type = string_field(doc, "post_type");
  if (post_type == "meta_event") event.kind = EventKind::meta_event;
  else if (post_type == "notice") event.kind = EventKind::notice;
  else if (post_type == "request") event.kind = EventKind::request;
  else if (post_type == "message") event.kind = EventKind::message;
  else if (post_type.empty()) return core::ParseError{"post_type is missing"};
  else event.kind = EventKind::other;  // e.g. message_sent (the bot's own messages): not chat
  if (event.kind != EventKind::message) return event;

  const std::string message_type = string_field(doc, "message_type");
  if (message_type != "group" && message_type != "private") {
    // guild (go-cqhttp's channels) and anything newer: well-formed, but no message for jiaxiao.
    event.kind = EventKind::other;
    return event;
  }
  auto message_id = id_text(doc, "message_id");
  auto user_id = id_text(doc, "user_id");
  if (!message_id) return core::ParseError{"message_id is missing"};
  if (!user_id) return core::ParseError{"user_id is missing"};
  core::IncomingMessage m;
  m.chat.platform = "onebot";
  if (message_type == "group") {
    auto group_id = id_text(doc, "group_id");
    if (!group_id) return core::ParseError{"group_id is missing"};
    m.chat.kind = core::ChatKind::group;
    m.chat.id = *group_id;
  } else {
    m.chat.kind = core::ChatKind::private_chat;
    m.chat.id = *user_id;
  }
  long long time_s = 0;
  if (auto t = doc.find("time"); t != doc.end() && t->is_number_integer()) time_s = t->get<long long>();
  m.sent_at_ms = core::seconds_to_ms(time_s);
  m.platform_message_id = *message_id + ":" + std::to_string(time_s);
  m.sender.platform = "onebot";
  m.sender.id = *user_id;
  if (auto s = doc.find("sender"); s != doc.end() && s->is_object()) {
    m.sender.name = string_field(*s, "card");
    if (m.sender.name.empty()) m.sender.name = string_field(*s, "nickname");
  }
  // Anonymous group chat: every anonymous member shares one user_id (80000000), so the sender is nobody.
  const auto anonymous = doc.find("anonymous");
  if (string_field(doc, "sub_type") == "anonymous" || (anonymous != doc.end() && anonymous->is_object())) {
    m.sender.id.clear();
    m.sender.name = "匿名";
  }

  auto message = doc.find("message");
  if (message == doc.end()) return core::ParseError{"message is missing"};
  if (message->is_string()) {
    apply_cq_string(message->get<std::string>(), event.self_id, m);
  } else if (message->is_array()) {
    for (const auto& segment : *message) {
      if (!segment.is_object()) return core::ParseError{"a message segment is not an object"};
      const std::string type = string_field(segment, "type");
      const json empty = json::object();
      auto d = segment.find("data");
      const json& data = d != segment.end() && d->is_object() ? *d : empty;
      apply_segment(
          type,
          [&](const char* key) {
            auto v = id_text(data, key);
            if (v) return *v;
            return string_field(data, key);
          },
          event.self_id, m);
    }
  } else {
    return core::ParseError{"message is neither a string nor a segment array"};
  }
  m.text = std::string(core::trim(m.text));
  event.message = std::move(m);
  return event;
}

}  // namespace jiaxiao::adapters::onebot
