#pragma once
// Quiet hours (免打扰, config `quiet_hours`, default 21:30–07:30): nothing is pushed to parents then.

#include <cstdint>
#include <optional>
#include <string>

namespace jiaxiao::core {

/// When the quiet window containing `at_ms` ends (Unix ms); nullopt when `at_ms` is outside it. The
/// window runs from `start_minute` to `end_minute` (minutes after local midnight in `zone`) and may wrap
/// past midnight; equal ends mean no quiet hours.
std::optional<std::int64_t> quiet_until(std::int64_t at_ms, const std::string& zone, int start_minute, int end_minute);

}  // namespace jiaxiao::core
