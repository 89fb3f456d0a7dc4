#pragma once
// The chats the bot has seen (groups and private chats, on every platform) and whether it can still
// reach them.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

/// A chat from three columns (platform, kind, platform_chat_id) starting at `first`; nullopt when the
/// first is NULL (a LEFT JOIN that found no chat).
std::optional<core::ChatRef> read_chat(SQLite::Statement& st, int first);

/// Repository of chats over one connection (not thread-safe; no transactions of its own).
class Chats {
 public:
  explicit Chats(SQLite::Database& db) : db_(db) {}

  /// The row id of the chat, created when first seen.
  std::int64_t upsert(const core::ChatRef& chat, std::int64_t now_ms);
  /// The row id of a chat seen before; nullopt when unknown.
  std::optional<std::int64_t> find(const core::ChatRef& chat);
  /// The bot can no longer reach the chat (robot removed, group gone); true when it could until now.
  bool mark_unreachable(const core::ChatRef& chat, std::int64_t now_ms);
  /// The bot is in the chat again; true when it was marked unreachable (an unknown chat: false, nothing written).
  bool mark_reachable(const core::ChatRef& chat);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
