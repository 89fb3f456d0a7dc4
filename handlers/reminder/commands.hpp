#pragma once
// /提醒 <时间> <内容> (a reminder posted to this chat at that time) and /取消 #N (any #N thread).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::reminder {

/// Registers /提醒, /取消 and the "custom" reminder kind.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::reminder
