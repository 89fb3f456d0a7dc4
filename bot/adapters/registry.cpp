#include "bot/adapters/registry.hpp"

#include <algorithm>

#include "bot/adapters/console/platform.hpp"
#include "bot/adapters/onebot/platform.hpp"
#include "bot/adapters/qq/platform.hpp"
#include "bot/adapters/wecom/platform.hpp"

namespace jiaxiao::adapters {

std::span<const PlatformEntry> platform_entries() {
  // The one list of platforms. A new platform: its folder, and one line here.
  static const std::vector<PlatformEntry> entries = {
      onebot::platform_entry(),
      wecom::platform_entry(),
      qq::platform_entry(),
      console::platform_entry(),
  };
  return entries;
}

const PlatformEntry* find_platform(std::string_view name) {
  const auto entries = platform_entries();
  const auto found = std::find_if(entries.begin(), entries.end(),
                                  [&](const PlatformEntry& e) { return e.capabilities.name == name; });
  return found == entries.end() ? nullptr : &*found;
}

core::Platforms platforms() {
  std::vector<core::Capabilities> all;
  for (const auto& entry : platform_entries()) all.push_back(entry.capabilities);
  return core::Platforms(std::move(all));
}

std::vector<config::PlatformSection> config_sections() {
  std::vector<config::PlatformSection> sections;
  for (const auto& entry : platform_entries()) {
    config::PlatformSection section{entry.capabilities.name, entry.pace, {}};
    if (entry.read_config) section.read = entry.read_config;
    sections.push_back(std::move(section));
  }
  return sections;
}

std::vector<std::string> config_warnings(const config::Config& config) {
  std::vector<std::string> all;
  for (const auto& entry : platform_entries()) {
    if (!entry.warnings) continue;
    for (auto& warning : entry.warnings(config)) all.push_back(std::move(warning));
  }
  return all;
}

config::Config load_config(const std::string& path) { return config::load_default(path, config_sections()); }

config::PaceConfig pace_of(const config::Config& config, const PlatformEntry& entry) {
  const auto found = config.pacing.find(entry.capabilities.name);
  return found == config.pacing.end() ? entry.pace : found->second;
}

}  // namespace jiaxiao::adapters
