#pragma once
// Parsing of the config's duration strings ("30s", "90m", "3h", "2d") and clock times ("HH:MM").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jiaxiao::config {

/// "500ms", "30s", "90m", "3h", "2d" → milliseconds; nullopt for anything else (no sign, no fractions).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
/// "19:00" → minutes since midnight (0..1439); nullopt when malformed or out of range.
std::optional<int> parse_clock_time(std::string_view text);
/// 1140 → "19:00".
std::string format_clock_time(int minutes);
/// The shortest exact spelling of a duration in the units above.
std::string format_duration(std::chrono::milliseconds value);

}  // namespace jiaxiao::config
