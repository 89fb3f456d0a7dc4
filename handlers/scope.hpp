#pragma once
// Which class a status command looks at (SPEC §2.2): the group's own, or in a private chat the class of
// the #N, a class named first, or the sender's only class. Status with names works in both; what is
// private (comments, reasons, questions) is shown only in the private chat.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/registry.hpp"
#include "store/classes.hpp"
#include "store/roles.hpp"

namespace jiaxiao::handlers {

/// The class a status command means. In a group: the group's class. In a private chat: the class of
/// the #N in `args`, else a class named by the first word of `args` (taken out of it), else the one class
/// where the sender holds one of `roles`. The sender must hold one of `roles` there (or be an admin).
/// On failure it has answered (which class to name, or why not) and returns nullopt.
std::optional<store::ClassRow> class_in_view(Context& ctx, std::string& args, const std::vector<store::Role>& roles);

/// Why #n is not the `wanted` item ("告家长书") of this class, naming what it is where it is something
/// else: "#3 是“家长会”，不是告家长书。".
std::string not_the_item(Context& ctx, std::int64_t n, std::string_view wanted);

}  // namespace jiaxiao::handlers
