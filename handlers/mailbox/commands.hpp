#pragma once
// 家长信箱: a parent's suggestion to the school, forwarded to the admins without the sender's name; an
// admin's reply reaches the sender without revealing them (SPEC §2; docs/mailbox.md).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::mailbox {

/// Registers /信箱 and /信箱回复.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::mailbox
