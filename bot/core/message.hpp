#pragma once
// Platform-neutral message types: what adapters produce and consume, what the store keeps,
// what handlers read and write. Plain data; no platform, HTTP or JSON knowledge.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiaxiao::core {

/// Whether a chat is a group (a class group) or a one-to-one chat with the bot.
enum class ChatKind { group, private_chat };

/// "group" or "private": the spelling kept in the database and in exports.
std::string_view to_string(ChatKind kind);
/// Reverse of to_string; nullopt for anything else.
std::optional<ChatKind> chat_kind_from_string(std::string_view text);

/// A chat on one platform (`platform`: onebot, wecom, qq, console; `id`: the platform's own id).
struct ChatRef {
  std::string platform;
  ChatKind kind = ChatKind::group;
  std::string id;
  bool operator==(const ChatRef&) const = default;
};

/// A person on one platform; `name` is the latest display name seen, possibly empty.
struct UserRef {
  std::string platform;
  std::string id;
  std::string name;
};

/// `PLATFORM:ID`, the form the CLI, config and exports use for a user or a group.
std::string qualified_id(std::string_view platform, std::string_view id);

/// A way to answer that a platform grants with one incoming message: a WeCom smart robot's
/// `response_url` (once, within an hour), a QQ official bot's `msg_id` (5 replies within 5 minutes).
struct ReplyWindow {
  std::string handle;            // the response_url or msg_id
  std::int64_t expires_at_ms = 0;  // unusable from then on (already less a safety margin)
  int max_uses = 1;
};

/// A message received from a platform, already authenticated and parsed.
struct IncomingMessage {
  std::string platform_message_id;        // unique per platform: the dedupe key
  ChatRef chat;
  UserRef sender;
  std::string text;                       // plain text; @-mentions removed; media as placeholders
  std::vector<std::string> mentions;      // ids of users @-mentioned, in order (the bot excluded)
  bool mentions_bot = false;              // the bot itself was @-mentioned
  std::optional<std::string> reply_to;    // platform message id this message quotes
  std::int64_t sent_at_ms = 0;            // when the platform says it was sent (Unix ms)
  std::optional<std::int64_t> quoted_thread;  // #N named in a quoted message the platform gives as text only
  std::optional<ReplyWindow> reply_window;    // where the platform lets the bot answer only this way
};

/// A message the bot sends; it is written to the outbox before anything is sent.
struct OutgoingMessage {
  ChatRef chat;
  std::string text;
  std::vector<std::string> mentions;      // user ids to @-mention where the platform allows
  std::optional<std::int64_t> thread;     // the #N it belongs to
  std::optional<std::string> in_reply_to; // platform message id of the message it answers
  bool hold_in_quiet_hours = false;       // a push to parents: waits for the end of quiet hours
};

}  // namespace jiaxiao::core
