#pragma once
// Classes, roles and guardianship in chat: /班级 /角色 /名单 /绑定 /解绑 /我的 (SPEC §1, §2).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::roster {

/// The relations a guardian may give in /绑定.
const std::vector<std::string>& relations();

/// Registers the roster commands.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::roster
