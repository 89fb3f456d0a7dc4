#pragma once
// /帮助 (/help): the list of commands, or the usage of one.

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::help {

/// Registers /帮助.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::help
