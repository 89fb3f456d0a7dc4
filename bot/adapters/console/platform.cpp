#include "bot/adapters/console/platform.hpp"

#include "bot/adapters/console/format.hpp"

namespace jiaxiao::adapters::console {

PlatformEntry platform_entry() {
  // `jiaxiao console`: a terminal that sees everything and prints at once. No webhook, no config
  // section; its messages are printed by the console command itself (bot/app/console.cpp).
  return {.capabilities = {.name = name,
                           .group_label = "控制台群",
                           .people_label = "控制台用户",
                           .bot_label = "控制台机器人",
                           .text_limit = 0},
          .paths = {},
          .pace = {0, 0, 0, 1}};
}

}  // namespace jiaxiao::adapters::console
