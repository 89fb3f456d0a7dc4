#include "store/statement.hpp"
#include "store/roles.hpp"

namespace jiaxiao::store {

namespace {
constexpr std::string_view names[] = {"admin", "teacher", "chair", "committee"};

std::vector<Role> read_roles(SQLite::Statement& st) {
  std::vector<Role> out;
  while (st.executeStep()) {
    if (auto role = role_from_string(st.getColumn(0).getString())) out.push_back(*role);
  }
  return out;
}
}  // namespace

std::string_view to_string(Role role) { return names[static_cast<int>(role)]; }

std::optional<Role> role_from_string(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (names[i] == text) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool Roles::grant(std::int64_t member_id, std::optional<std::int64_t> class_id, Role role, const std::string& title,
                  const std::string& granted_by, std::int64_t now_ms) {
  Statement update(db_,
                           "UPDATE roles SET title = ? WHERE member_id = ? AND role = ? AND class_id IS ?");
  update.bind(1, title);
  update.bind(2, member_id);
  update.bind(3, std::string(to_string(role)));
  if (class_id) update.bind(4, *class_id);
  if (update.exec() > 0) return false;
  Statement insert(db_,
                           "INSERT INTO roles (member_id, class_id, role, title, granted_by, granted_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, member_id);
  if (class_id) insert.bind(2, *class_id);
  insert.bind(3, std::string(to_string(role)));
  insert.bind(4, title);
  insert.bind(5, granted_by);
  insert.bind(6, now_ms);
  insert.exec();
  return true;
}

int Roles::revoke(std::int64_t member_id, std::optional<std::int64_t> class_id, std::optional<Role> role) {
  Statement st(db_, "DELETE FROM roles WHERE member_id = ? AND class_id IS ? AND (? IS NULL OR role = ?)");
  st.bind(1, member_id);
  if (class_id) st.bind(2, *class_id);
  if (role) {
    st.bind(3, std::string(to_string(*role)));
    st.bind(4, std::string(to_string(*role)));
  }
  return st.exec();
}

std::vector<Role> Roles::in_class(std::int64_t member_id, std::int64_t class_id) {
  Statement st(db_, "SELECT role FROM roles WHERE member_id = ? AND class_id = ?");
  st.bind(1, member_id);
  st.bind(2, class_id);
  return read_roles(st);
}

std::vector<Role> Roles::in_any_class(std::int64_t member_id) {
  Statement st(db_, "SELECT DISTINCT role FROM roles WHERE member_id = ? AND class_id IS NOT NULL");
  st.bind(1, member_id);
  return read_roles(st);
}

std::vector<std::int64_t> Roles::classes_of(std::int64_t member_id) {
  Statement st(db_, "SELECT DISTINCT class_id FROM roles WHERE member_id = ? AND class_id IS NOT NULL ORDER BY class_id");
  st.bind(1, member_id);
  std::vector<std::int64_t> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
  return out;
}

bool Roles::holds(std::int64_t member_id, std::int64_t class_id, Role role) {
  Statement st(db_, "SELECT 1 FROM roles WHERE member_id = ? AND class_id = ? AND role = ?");
  st.bind(1, member_id);
  st.bind(2, class_id);
  st.bind(3, std::string(to_string(role)));
  return st.executeStep();
}

bool Roles::is_admin(std::int64_t member_id) {
  Statement st(db_, "SELECT 1 FROM roles WHERE member_id = ? AND role = 'admin'");
  st.bind(1, member_id);
  return st.executeStep();
}

std::vector<RoleGrant> Roles::list(std::optional<std::int64_t> class_id) {
  Statement st(db_,
                       "SELECT r.member_id, m.platform, m.platform_user_id, m.display_name, k.name, r.role, r.title "
                       "FROM roles r JOIN members m ON m.id = r.member_id LEFT JOIN classes k ON k.id = r.class_id "
                       "WHERE (?1 IS NULL OR r.class_id = ?1) "
                       "ORDER BY k.name IS NOT NULL, k.name, r.role, m.display_name, m.platform_user_id");
  if (class_id) st.bind(1, *class_id);
  std::vector<RoleGrant> out;
  while (st.executeStep()) {
    RoleGrant g;
    g.member_id = st.getColumn(0).getInt64();
    g.platform = st.getColumn(1).getString();
    g.user_id = st.getColumn(2).getString();
    g.name = st.getColumn(3).getString();
    if (!st.getColumn(4).isNull()) g.class_name = st.getColumn(4).getString();
    g.role = role_from_string(st.getColumn(5).getString()).value_or(Role::teacher);
    g.title = st.getColumn(6).getString();
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace jiaxiao::store
