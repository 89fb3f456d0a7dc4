#pragma once
// OneBot v11 events as NapCat, Lagrange.OneBot and go-cqhttp POST them (OneBot v11 event/*.md,
// message/{array,string}.md; shared/PROTOCOLS.md §3.1). Parses an already authenticated body.

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"
#include "bot/core/result.hpp"

namespace jiaxiao::adapters::onebot {

/// What kind of event a body was; only `message` is chat.
enum class EventKind { message, meta_event, notice, request, other };

struct Event {
  EventKind kind = EventKind::other;
  std::string self_id;
  std::optional<core::IncomingMessage> message;  // for group and private messages
};

/// Parses an event body. A message becomes an IncomingMessage on platform "onebot": text from text
/// segments, `at` of self_id sets mentions_bot, other `at`s go to mentions, `reply` to reply_to, media
/// and faces become placeholders like "[图片]". The dedupe key is "<message_id>:<time>" (message ids
/// are 32-bit and may repeat over the years; a retry repeats both). Never throws.
core::Parsed<Event> parse_event(std::string_view body);

/// Decodes a CQ-code string ("[CQ:at,qq=1] hi &#91;x&#93;") into the same fields as the array form
/// (parse_event's way for `message` given as a string).
void apply_cq_string(std::string_view cq, const std::string& self_id, core::IncomingMessage& out);

/// The message id part of a dedupe key ("123:1715000000" → "123").
std::string message_id_of(std::string_view dedupe_key);

}  // namespace jiaxiao::adapters::onebot
