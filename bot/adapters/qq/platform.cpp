#include "bot/adapters/qq/platform.hpp"

#include <array>

#include "bot/adapters/qq/adapter.hpp"

namespace jiaxiao::adapters::qq {

namespace {
constexpr std::array<std::string_view, 1> paths{"/qq"};

std::unique_ptr<Adapter> make(const AdapterDeps& deps) {
  const QqConfig config = settings(deps.config);
  if (!config.enabled) return nullptr;
  return std::make_unique<QqAdapter>(deps.executor, config, deps.clock, deps.config.outbox.send_timeout);
}
}  // namespace

PlatformEntry platform_entry() {
  // The official bot (shared/PROTOCOLS.md §2): it hears only @-messages, answers only inside their reply
  // windows (no push since 2025-04-21), cannot write to a member first, and is limited per message
  // rather than paced.
  core::Capabilities can;
  can.name = name;
  can.hears_only_mentions = true;
  can.group_push = core::GroupPush::never;
  can.private_to_group_member = false;
  can.quotes_reach_bot = false;
  can.group_label = "QQ群";
  can.people_label = "QQ用户";
  can.bot_label = "QQ 官方机器人";
  can.text_limit = QqAdapter::text_limit;
  return {can, paths, {0, 0, 0, 5}, &read_settings, &make};
}

}  // namespace jiaxiao::adapters::qq
