#pragma once
// The `platforms.wecom` section of the config (SPEC §6): the self-built app's callback and sending
// credentials, the smart robot's callback keys, the API base.

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "config/reader.hpp"

namespace jiaxiao::adapters::wecom {

/// The registry's name of this platform.
inline constexpr const char* name = "wecom";

struct WeComRobotConfig {
  std::string token;
  std::string encoding_aes_key;
};

struct WeComConfig {
  bool enabled = false;
  std::string corp_id, token, encoding_aes_key, agent_id, secret;
  std::string api_base = "https://qyapi.weixin.qq.com";
  WeComRobotConfig bot;
  /// Signed callbacks whose `timestamp` is further than this from now are refused (0: never).
  std::chrono::milliseconds timestamp_window = std::chrono::minutes(5);
};

/// This platform's section of `config`, created with defaults when absent (to set it).
inline WeComConfig& settings(config::Config& config) { return config.platform<WeComConfig>(name); }
/// This platform's section of `config`, or the defaults.
inline WeComConfig settings(const config::Config& config) { return config.platform<WeComConfig>(name); }
/// Reads `platforms.wecom` into `config` and, when enabled, checks that at least one callback is set
/// with sound keys and that the app's sending credentials are complete or absent.
void read_settings(config::ObjectReader& reader, config::Config& config);

}  // namespace jiaxiao::adapters::wecom
