#include "store/chats.hpp"

#include "store/statement.hpp"

namespace jiaxiao::store {

std::optional<core::ChatRef> read_chat(SQLite::Statement& st, int first) {
  if (st.getColumn(first).isNull()) return std::nullopt;
  return core::ChatRef{st.getColumn(first).getString(),
                       core::chat_kind_from_string(st.getColumn(first + 1).getString()).value_or(core::ChatKind::group),
                       st.getColumn(first + 2).getString()};
}

namespace {
/// Binds a chat's key (platform, kind, platform_chat_id) to parameters 1, 2 and 3.
void bind_key(Statement& st, const core::ChatRef& chat) {
  st.bind(1, chat.platform);
  st.bind(2, std::string(core::to_string(chat.kind)));
  st.bind(3, chat.id);
}
}  // namespace

std::optional<std::int64_t> Chats::find(const core::ChatRef& chat) {
  Statement found(db_, "SELECT id FROM chats WHERE platform = ? AND kind = ? AND platform_chat_id = ?");
  bind_key(found, chat);
  if (!found.executeStep()) return std::nullopt;
  return found.getColumn(0).getInt64();
}

std::int64_t Chats::upsert(const core::ChatRef& chat, std::int64_t now_ms) {
  // Look first: nearly every message comes from a known chat, and a lookup writes nothing. Another
  // connection (the CLI) may add the chat between the lookup and the insert: then look again.
  if (const auto found = find(chat)) return *found;
  Statement st(db_,
               "INSERT INTO chats (platform, kind, platform_chat_id, first_seen_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (platform, kind, platform_chat_id) DO NOTHING");
  bind_key(st, chat);
  st.bind(4, now_ms);
  if (st.exec() > 0) return db_.getLastInsertRowid();
  return find(chat).value();
}

bool Chats::mark_unreachable(const core::ChatRef& chat, std::int64_t now_ms) {
  const std::int64_t chat_id = upsert(chat, now_ms);
  Statement st(db_, "UPDATE chats SET unreachable_since = ? WHERE id = ? AND unreachable_since IS NULL");
  st.bind(1, now_ms);
  st.bind(2, chat_id);
  return st.exec() > 0;
}

bool Chats::mark_reachable(const core::ChatRef& chat) {
  // Through the unique index, and no write unless the mark is set: this runs for every message acted on.
  Statement st(db_,
               "UPDATE chats SET unreachable_since = NULL WHERE platform = ? AND kind = ? AND platform_chat_id = ? "
               "AND unreachable_since IS NOT NULL");
  bind_key(st, chat);
  return st.exec() > 0;
}

}  // namespace jiaxiao::store
