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
  return {.capabilities = {.name = name,
                           .hears_only_mentions = true,
                           .group_push = core::GroupPush::never,
                           .private_to_group_member = false,
                           .quotes_reach_bot = false,
                           .group_label = "QQ群",
                           .people_label = "QQ用户",
                           .bot_label = "QQ 官方机器人",
                           .text_limit = QqAdapter::text_limit},
          .paths = paths,
          .pace = {0, 0, 0, 5},
          .read_config = &read_settings,
          .make = &make};
}

}  // namespace jiaxiao::adapters::qq
