#include "bot/core/platform.hpp"

#include <algorithm>

namespace jiaxiao::core {

namespace {
const Capabilities& unknown_platform() {
  static const Capabilities careful{"", true, GroupPush::never, false, false, "群", "账号", "机器人", 2000};
  return careful;
}
}  // namespace

const Capabilities& Platforms::of(std::string_view name) const {
  const auto found = std::find_if(platforms_.begin(), platforms_.end(), [&](const Capabilities& c) { return c.name == name; });
  return found == platforms_.end() ? unknown_platform() : *found;
}

bool Platforms::known(std::string_view name) const {
  return std::any_of(platforms_.begin(), platforms_.end(), [&](const Capabilities& c) { return c.name == name; });
}

std::vector<std::string> Platforms::names() const {
  std::vector<std::string> out;
  for (const auto& c : platforms_) out.push_back(c.name);
  return out;
}

}  // namespace jiaxiao::core
