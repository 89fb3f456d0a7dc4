#pragma once
// The `platforms.onebot` section of the config (SPEC §6): the HMAC secret, the implementation's HTTP API.

#include <string>

#include "config/config.hpp"
#include "config/reader.hpp"

namespace jiaxiao::adapters::onebot {

/// The registry's name of this platform.
inline constexpr const char* name = "onebot";

struct OneBotConfig {
  bool enabled = true;
  std::string secret;                              // HMAC key for X-Signature; empty: loopback only
  std::string api_base = "http://127.0.0.1:3000";  // NapCat / Lagrange HTTP API
  std::string access_token;                        // sent as Authorization: Bearer
};

/// This platform's section of `config`, created with defaults when absent (to set it).
inline OneBotConfig& settings(config::Config& config) { return config.platform<OneBotConfig>(name); }
/// This platform's section of `config`, or the defaults.
inline OneBotConfig settings(const config::Config& config) { return config.platform<OneBotConfig>(name); }
/// Reads `platforms.onebot` into `config`; problems go to the reader.
void read_settings(config::ObjectReader& reader, config::Config& config);

}  // namespace jiaxiao::adapters::onebot
