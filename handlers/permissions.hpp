#pragma once
// The one table of who may use which command, where, and whether it needs a group linked to a class
// (SPEC §2 and §1). The router checks it before any handler runs; a refusal changes nothing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"
#include "handlers/access.hpp"

namespace jiaxiao::handlers {

/// Who may use a command, besides admins (who may use every command).
enum class Who { anyone, guardian, teacher, chair, committee };
/// Where a command may be used.
enum class Where { any, group, private_chat };

struct Permission {
  std::string_view command;  // the Chinese name
  std::vector<Who> who;
  Where where = Where::any;
  bool needs_class = false;  // in a group: the group must be linked to a class
  std::string_view private_reason{};  // the refusal in a group of a private-only command, if not the usual
};

/// The table entry of a command by its Chinese name; nullptr when the table has none.
const Permission* permission_for(std::string_view command);
/// Every entry, in SPEC §2 order.
const std::vector<Permission>& permission_table();

/// Whether the sender's roles allow the command (ignores where and needs_class).
bool allowed(const Permission& permission, const Access& access);
/// nullopt when the command may run here; else the one-line Chinese reason.
std::optional<std::string> refusal(const Permission& permission, const Access& access, const core::ChatRef& chat);

}  // namespace jiaxiao::handlers
