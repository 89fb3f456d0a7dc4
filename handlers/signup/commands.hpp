#pragma once
// 接龙: sign-up lists; "+1 备注" or "接龙 备注" joins, "-1" leaves; the bot posts the numbered list after
// changes at most once a minute per list, and at the deadline; 上限 closes it when full (docs/polls.md).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::signup {

/// Registers /接龙, the +1/-1 reply hook, the reminder kinds and the cancel hook.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::signup
