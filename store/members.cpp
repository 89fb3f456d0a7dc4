#include "store/members.hpp"

#include <stdexcept>

#include "store/statement.hpp"

namespace jiaxiao::store {

namespace {
// `members.last_seen_at` is kept to the minute: rewriting the member's row for every message of a busy
// group would add a page to nearly every commit, and nothing needs it finer.
constexpr std::int64_t last_seen_precision_ms = 60'000;
}  // namespace


std::int64_t Members::upsert(const core::UserRef& user, std::int64_t now_ms) {
  // Look first, then touch only what changed (the name when the platform sent a new one, the time
  // last seen when over a minute old); insert when new, and look again if another connection
  // inserted it meanwhile.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<std::int64_t> id;
    bool renamed = false;
    bool seen_lately = false;
    {
      Statement found(db_,
                      "SELECT id, display_name, last_seen_at FROM members WHERE platform = ? AND platform_user_id = ?");
      found.bind(1, user.platform);
      found.bind(2, user.id);
      if (found.executeStep()) {
        id = found.getColumn(0).getInt64();
        renamed = !user.name.empty() && user.name != found.getColumn(1).getText();
        seen_lately = now_ms - found.getColumn(2).getInt64() < last_seen_precision_ms;
      }
    }
    if (id && !renamed && seen_lately) return *id;
    if (id) {
      Statement st(db_, renamed ? "UPDATE members SET last_seen_at = ?2, display_name = ?3 WHERE id = ?1"
                                : "UPDATE members SET last_seen_at = ?2 WHERE id = ?1");
      st.bind(1, *id);
      st.bind(2, now_ms);
      if (renamed) st.bind(3, user.name);
      st.exec();
      return *id;
    }
    Statement st(db_,
                 "INSERT INTO members (platform, platform_user_id, display_name, first_seen_at, last_seen_at) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, platform_user_id) DO NOTHING");
    st.bind(1, user.platform);
    st.bind(2, user.id);
    st.bind(3, user.name);
    st.bind(4, now_ms);
    st.bind(5, now_ms);
    if (st.exec() > 0) return db_.getLastInsertRowid();
  }
  throw std::runtime_error("member neither found nor inserted: " + user.platform);
}

std::optional<std::int64_t> Members::find(const std::string& platform, const std::string& user_id) {
  Statement st(db_, "SELECT id FROM members WHERE platform = ? AND platform_user_id = ?");
  st.bind(1, platform);
  st.bind(2, user_id);
  if (!st.executeStep()) return std::nullopt;
  return st.getColumn(0).getInt64();
}

std::string Members::label(std::int64_t member_id) {
  Statement st(db_, "SELECT display_name, platform_user_id FROM members WHERE id = ?");
  st.bind(1, member_id);
  if (!st.executeStep()) return "";
  const std::string name = st.getColumn(0).getString();
  return name.empty() ? st.getColumn(1).getString() : name;
}


std::optional<core::ChatRef> Members::private_chat(std::int64_t member_id) {
  Statement who(db_, "SELECT platform, platform_user_id FROM members WHERE id = ?");
  who.bind(1, member_id);
  if (!who.executeStep()) return std::nullopt;
  return core::ChatRef{who.getColumn(0).getString(), core::ChatKind::private_chat, who.getColumn(1).getString()};
}

}  // namespace jiaxiao::store
