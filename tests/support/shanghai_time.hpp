#pragma once
// Wall-clock times in the default school zone, for tests with a fake clock.

#include <cstdint>
#include <string>

#include "bot/core/zone.hpp"

namespace jiaxiao::testing {

/// 2026-11-23 10:00 in Asia/Shanghai → Unix ms: shanghai("2026-11-23", 10, 0).
inline std::int64_t shanghai(const std::string& date, int hour, int minute) {
  return *core::local_midnight_ms(date, "Asia/Shanghai") + (hour * 60LL + minute) * 60'000;
}

}  // namespace jiaxiao::testing
