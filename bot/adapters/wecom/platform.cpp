#include "bot/adapters/wecom/platform.hpp"

#include <array>

#include "bot/adapters/wecom/adapter.hpp"

namespace jiaxiao::adapters::wecom {

namespace {
constexpr std::array<std::string_view, 2> paths{"/wecom", "/wecom/bot"};

std::unique_ptr<Adapter> make(const AdapterDeps& deps) {
  const WeComConfig config = settings(deps.config);
  if (!config.enabled) return nullptr;
  return std::make_unique<WeComAdapter>(deps.executor, config, deps.clock, deps.config.outbox.send_timeout);
}
}  // namespace

PlatformEntry platform_entry() {
  // WeCom's smart robot hears only @-messages in groups (a quote arrives as text carrying its #N); a
  // group is pushed to only through a group robot's webhook key; the self-built app writes to members.
  // Limits: 20 a minute per group robot, 30 a minute per member.
  return {.capabilities = {.name = name,
                           .hears_only_mentions = true,
                           .group_push = core::GroupPush::with_push_key,
                           .group_label = "企业微信群",
                           .people_label = "企业微信账号",
                           .bot_label = "企业微信机器人",
                           .text_limit = WeComAdapter::text_limit},
          .paths = paths,
          .pace = {20, 30, 0, 20},
          .read_config = &read_settings,
          .make = &make};
}

}  // namespace jiaxiao::adapters::wecom
