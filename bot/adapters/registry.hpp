#pragma once
// The one table of platforms (shared/DESIGN.md "Platforms declare, features ask"): for each, its
// capabilities, webhook paths, default pace, config reader and adapter factory. The app builds its
// adapters from it, config reading gets the platforms' sections from it, and handlers get the
// capabilities (core::Platforms) from it. A new platform is a folder here and one line in registry.cpp.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bot/adapters/adapter.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/platform.hpp"
#include "bot/net/asio.hpp"
#include "config/config.hpp"

namespace jiaxiao::adapters {

/// What a factory may use to build an adapter. The references outlive the adapter.
struct AdapterDeps {
  net::asio::any_io_executor executor;
  const config::Config& config;
  const core::Clock& clock;
};

/// One platform of this build.
struct PlatformEntry {
  core::Capabilities capabilities;
  /// The HTTP paths its adapter answers (exact match); none for a platform without webhooks (the console).
  std::span<const std::string_view> paths;
  /// How fast the outbox may send there when `pacing.<name>` is not configured.
  config::PaceConfig pace;
  /// Reads `platforms.<name>` into the config; null when the platform has no section.
  void (*read_config)(config::ObjectReader&, config::Config&) = nullptr;
  /// The adapter, when the platform is enabled in the config; nullptr when it is not (or has no
  /// webhook adapter). Throws with a message naming the config key on a bad key.
  std::unique_ptr<Adapter> (*make)(const AdapterDeps&) = nullptr;
  /// What `check-config` warns about: settings that work but are unsafe (null: nothing to say).
  std::vector<std::string> (*warnings)(const config::Config&) = nullptr;
};

/// Every platform of this build, in a fixed order.
std::span<const PlatformEntry> platform_entries();
/// The entry of that name; nullptr when none.
const PlatformEntry* find_platform(std::string_view name);
/// Every platform's capabilities, for handlers.
core::Platforms platforms();
/// Every platform's part in reading the config.
std::vector<config::PlatformSection> config_sections();
/// Every platform's warnings about `config` (check-config prints them; they do not fail it).
std::vector<std::string> config_warnings(const config::Config& config);
/// config::load_default with every platform's section: the config `serve` and the CLI use.
config::Config load_config(const std::string& path);
/// The pace of one platform: the configured one, else its entry's default.
config::PaceConfig pace_of(const config::Config& config, const PlatformEntry& entry);

}  // namespace jiaxiao::adapters
