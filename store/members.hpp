#pragma once
// The people the bot has seen, one row per platform account, with their latest display name.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

/// Repository of members over one connection (not thread-safe; no transactions of its own).
class Members {
 public:
  explicit Members(SQLite::Database& db) : db_(db) {}

  /// The row id of the member, created when first seen; a non-empty name replaces the stored one.
  std::int64_t upsert(const core::UserRef& user, std::int64_t now_ms);
  /// The row id of a member seen before; nullopt when unknown.
  std::optional<std::int64_t> find(const std::string& platform, const std::string& user_id);
  /// A member's latest display name, or their platform id when no name was seen.
  std::string label(std::int64_t member_id);
  /// The member's private chat with the bot, on their platform; nullopt when the member is unknown.
  std::optional<core::ChatRef> private_chat(std::int64_t member_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
