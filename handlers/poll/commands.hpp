#pragma once
// 投票: polls of the families of a class, one ballot per student (the latest replaces), anonymous if
// asked, results at the deadline (SPEC §2, §3; docs/polls.md).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::poll {

/// The option numbers of a ballot ("1", "1 3", "1,3", "1、3"); nullopt when the text is anything else.
std::optional<std::vector<int>> read_ballot(std::string_view normalised_text);

/// Registers /投票 /投 /结果, the bare-number reply hook, the reminder kinds and the cancel hook.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::poll
