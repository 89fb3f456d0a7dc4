#pragma once
// Who a sender is for the chat a message came from: admin, roles in the class, guardian or not.
// Computed once per message by the router and handed to handlers in the Context.

#include <cstdint>
#include <optional>
#include <vector>

#include "bot/core/message.hpp"
#include "config/config.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers {

struct Access {
  std::int64_t member_id = 0;
  std::optional<store::ClassRow> klass;  // the class of the group the message came from, if linked
  bool admin = false;                    // config `admins` or a CLI/chat grant
  std::vector<store::Role> roles;        // in `klass`; in a private chat or an unlinked group: in any class
  bool guardian = false;                 // guardian of a student of `klass` (of any class when no klass)

  bool has(store::Role role) const;
  /// Teacher of the class or admin: the usual test for class management.
  bool manages() const { return admin || has(store::Role::teacher); }
};

/// Reads the sender's access. The sender must already be stored (ingest upserts members).
Access resolve_access(store::Database& db, const config::Settings& settings, const core::IncomingMessage& message);

}  // namespace jiaxiao::handlers
