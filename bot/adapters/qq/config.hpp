#pragma once
// The `platforms.qq` section of the config (SPEC §6): the official bot's AppID and AppSecret, its API.

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "config/reader.hpp"

namespace jiaxiao::adapters::qq {

/// The registry's name of this platform.
inline constexpr const char* name = "qq";

struct QqConfig {
  bool enabled = false;
  std::string app_id, secret;
  std::string api_base = "https://api.sgroup.qq.com";
  std::string token_url = "https://bots.qq.com/app/getAppAccessToken";
  /// Signed callbacks whose X-Signature-Timestamp is further than this from now are refused (0: never).
  std::chrono::milliseconds timestamp_window = std::chrono::minutes(5);
};

/// This platform's section of `config`, created with defaults when absent (to set it).
inline QqConfig& settings(config::Config& config) { return config.platform<QqConfig>(name); }
/// This platform's section of `config`, or the defaults.
inline QqConfig settings(const config::Config& config) { return config.platform<QqConfig>(name); }
/// Reads `platforms.qq` into `config`; problems go to the reader.
void read_settings(config::ObjectReader& reader, config::Config& config);

}  // namespace jiaxiao::adapters::qq
