#include "bot/adapters/console/platform.hpp"

#include "bot/adapters/console/format.hpp"

namespace jiaxiao::adapters::console {

PlatformEntry platform_entry() {
  // `jiaxiao console`: a terminal that sees everything and prints at once. No webhook, no config
  // section; its messages are printed by the console command itself (bot/app/console.cpp).
  core::Capabilities can;
  can.name = name;
  can.hears_only_mentions = false;
  can.group_push = core::GroupPush::any_time;
  can.private_to_group_member = true;
  can.quotes_reach_bot = true;
  can.group_label = "控制台群";
  can.people_label = "控制台用户";
  can.bot_label = "控制台机器人";
  can.text_limit = 0;
  return {can, {}, {0, 0, 0, 1}, nullptr, nullptr};
}

}  // namespace jiaxiao::adapters::console
