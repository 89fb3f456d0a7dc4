#include "handlers/access.hpp"

#include <algorithm>

#include "store/classes.hpp"
#include "store/members.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers {

bool Access::has(store::Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

Access resolve_access(store::Database& db, const config::Settings& settings, const core::IncomingMessage& message) {
  Access access;
  const auto member = store::Members(db.sql()).find(message.sender.platform, message.sender.id);
  const std::string qualified = core::qualified_id(message.sender.platform, message.sender.id);
  access.admin = std::find(settings.admins.begin(), settings.admins.end(), qualified) != settings.admins.end();
  if (message.chat.kind == core::ChatKind::group) access.klass = store::Classes(db.sql()).class_of(message.chat);
  if (!member) return access;
  access.member_id = *member;
  store::Roles roles(db.sql());
  access.admin = access.admin || roles.is_admin(*member);
  std::optional<std::int64_t> class_id;
  if (access.klass) class_id = access.klass->id;
  access.roles = class_id ? roles.in_class(*member, *class_id) : roles.in_any_class(*member);
  access.guardian = store::Roster(db.sql()).is_guardian(*member, class_id);
  return access;
}

}  // namespace jiaxiao::handlers
