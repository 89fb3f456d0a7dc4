#include "bot/adapters/onebot/platform.hpp"

#include <array>

#include "bot/adapters/onebot/adapter.hpp"
#include "bot/core/log.hpp"

namespace jiaxiao::adapters::onebot {

namespace {
constexpr std::array<std::string_view, 1> paths{"/onebot"};

std::unique_ptr<Adapter> make(const AdapterDeps& deps) {
  const OneBotConfig config = settings(deps.config);
  if (!config.enabled) return nullptr;
  if (config.secret.empty()) {
    core::log::warn("onebot_unsigned", "detail",
                    "no platforms.onebot.secret: unsigned events are taken only from this machine, never "
                    "through a proxy; set the secret in NapCat/Lagrange and here");
  }
  return std::make_unique<OneBotAdapter>(deps.executor, config, deps.config.outbox.send_timeout);
}
std::vector<std::string> warnings(const config::Config& config) {
  const OneBotConfig& onebot = settings(config);
  if (!onebot.enabled || !onebot.secret.empty()) return {};
  return {"platforms.onebot.secret 为空：未签名的 OneBot 事件只从本机直接接收（经代理的一律 401）。请在 NapCat/Lagrange 和这里设置同一个 secret。"};
}
}  // namespace

PlatformEntry platform_entry() {
  // A QQ account driven by NapCat or Lagrange: it sees every group message, posts when it likes and can
  // write to a group member in private; QQ's risk control wants it paced per group and overall.
  return {.capabilities = {.name = name,
                           .group_label = "QQ群",
                           .people_label = "QQ号",
                           .bot_label = "QQ 机器人",
                           .text_limit = OneBotAdapter::text_limit},
          .paths = paths,
          .pace = {20, 20, 60, 5},
          .read_config = &read_settings,
          .make = &make,
          .warnings = &warnings};
}

}  // namespace jiaxiao::adapters::onebot
