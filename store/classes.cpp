#include "store/statement.hpp"
#include "store/classes.hpp"

#include "store/chats.hpp"

namespace jiaxiao::store {

namespace {
ClassRow read_class(SQLite::Statement& st) { return {st.getColumn(0).getInt64(), st.getColumn(1).getString()}; }
}  // namespace

std::optional<ClassRow> Classes::find(const std::string& name) {
  Statement st(db_, "SELECT id, name FROM classes WHERE name = ?");
  st.bind(1, name);
  if (!st.executeStep()) return std::nullopt;
  return read_class(st);
}

std::optional<ClassRow> Classes::by_id(std::int64_t id) {
  Statement st(db_, "SELECT id, name FROM classes WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return read_class(st);
}

ClassRow Classes::create(const std::string& name, std::int64_t now_ms, bool* created) {
  if (auto existing = find(name)) {
    if (created != nullptr) *created = false;
    return *existing;
  }
  Statement st(db_, "INSERT INTO classes (name, created_at) VALUES (?, ?)");
  st.bind(1, name);
  st.bind(2, now_ms);
  st.exec();
  if (created != nullptr) *created = true;
  return {db_.getLastInsertRowid(), name};
}

std::optional<ClassRow> Classes::class_of(const core::ChatRef& chat) {
  Statement st(db_,
                       "SELECT k.id, k.name FROM chats c JOIN classes k ON k.id = c.class_id "
                       "WHERE c.platform = ? AND c.kind = ? AND c.platform_chat_id = ?");
  st.bind(1, chat.platform);
  st.bind(2, std::string(core::to_string(chat.kind)));
  st.bind(3, chat.id);
  if (!st.executeStep()) return std::nullopt;
  return read_class(st);
}

std::int64_t Classes::link(const core::ChatRef& chat, std::int64_t class_id,
                           const std::optional<std::string>& webhook_key, std::int64_t now_ms, bool committee) {
  const std::int64_t chat_id = Chats(db_).upsert(chat, now_ms);
  Statement st(db_,
                       "UPDATE chats SET class_id = ?1, webhook_key = COALESCE(?2, webhook_key), committee = ?4, "
                       "unreachable_since = CASE WHEN ?2 IS NULL THEN unreachable_since END WHERE id = ?3");
  st.bind(1, class_id);
  if (webhook_key) st.bind(2, *webhook_key);
  st.bind(3, chat_id);
  st.bind(4, committee ? 1 : 0);
  st.exec();
  return chat_id;
}

std::vector<LinkedChat> Classes::chats(std::int64_t class_id) {
  Statement st(db_,
                       "SELECT platform, kind, platform_chat_id, webhook_key, unreachable_since, committee FROM chats WHERE class_id = ? "
                       "ORDER BY id");
  st.bind(1, class_id);
  std::vector<LinkedChat> out;
  while (st.executeStep()) {
    LinkedChat linked;
    linked.chat.platform = st.getColumn(0).getString();
    linked.chat.kind = core::chat_kind_from_string(st.getColumn(1).getString()).value_or(core::ChatKind::group);
    linked.chat.id = st.getColumn(2).getString();
    if (!st.getColumn(3).isNull()) linked.webhook_key = st.getColumn(3).getString();
    linked.unreachable = !st.getColumn(4).isNull();
    linked.committee = st.getColumn(5).getInt() != 0;
    out.push_back(std::move(linked));
  }
  return out;
}

std::vector<ClassRow> Classes::all() {
  Statement st(db_, "SELECT id, name FROM classes ORDER BY name");
  std::vector<ClassRow> out;
  while (st.executeStep()) out.push_back(read_class(st));
  return out;
}

}  // namespace jiaxiao::store
