#pragma once
// Roles: per class (teacher, chair, committee) and school-wide (admin).

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiaxiao::store {

/// What a member may be. `title` (班主任, 任课教师, 家委会主任, 家委会委员, 管理员) is kept beside it.
enum class Role { admin, teacher, chair, committee };

/// "admin", "teacher", "chair", "committee" (the CLI's and the database's spelling).
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

/// One role held, for listings.
struct RoleGrant {
  std::int64_t member_id = 0;
  std::string platform, user_id, name;  // the member
  std::optional<std::string> class_name;
  Role role = Role::teacher;
  std::string title;
};

/// Repository of roles (one connection; no transactions of its own).
class Roles {
 public:
  explicit Roles(SQLite::Database& db) : db_(db) {}

  /// Grants a role (class_id empty for admin); granting it again updates the title. True if new.
  bool grant(std::int64_t member_id, std::optional<std::int64_t> class_id, Role role, const std::string& title,
             const std::string& granted_by, std::int64_t now_ms);
  /// Revokes one role, or every role in the class when `role` is empty; returns how many were held.
  int revoke(std::int64_t member_id, std::optional<std::int64_t> class_id, std::optional<Role> role);
  /// The member's roles in a class.
  std::vector<Role> in_class(std::int64_t member_id, std::int64_t class_id);
  /// The member's class roles in any class.
  std::vector<Role> in_any_class(std::int64_t member_id);
  /// The classes where the member holds any role, by id.
  std::vector<std::int64_t> classes_of(std::int64_t member_id);
  /// Whether the member is in a class of which they hold `role`.
  bool holds(std::int64_t member_id, std::int64_t class_id, Role role);
  bool is_admin(std::int64_t member_id);
  /// Grants, by class then role; only one class's (and no admins) when `class_id` is given.
  std::vector<RoleGrant> list(std::optional<std::int64_t> class_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
