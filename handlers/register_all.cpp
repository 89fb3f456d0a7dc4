// The one list of features. A new feature is a folder under handlers/ and one line here.
#include "handlers/help/help.hpp"
#include "handlers/mailbox/commands.hpp"
#include "handlers/meeting/commands.hpp"
#include "handlers/notice/commands.hpp"
#include "handlers/poll/commands.hpp"
#include "handlers/signup/commands.hpp"
#include "handlers/visit/commands.hpp"
#include "handlers/registry.hpp"
#include "handlers/reminder/commands.hpp"
#include "handlers/roster/commands.hpp"

namespace jiaxiao::handlers {

void register_all(Registry& registry, const config::Settings& settings) {
  help::register_commands(registry);
  roster::register_commands(registry);
  reminder::register_commands(registry);
  notice::register_commands(registry, settings);
  meeting::register_commands(registry);
  poll::register_commands(registry);
  signup::register_commands(registry);
  mailbox::register_commands(registry);
  visit::register_commands(registry);
}

}  // namespace jiaxiao::handlers
