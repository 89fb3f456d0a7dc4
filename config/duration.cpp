#include "config/duration.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace jiaxiao::config {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  long long value = 0;
  std::from_chars(text.data(), text.data() + digits, value);
  const std::string_view unit = text.substr(digits);
  using namespace std::chrono;
  if (unit == "ms") return milliseconds(value);
  if (unit == "s") return duration_cast<milliseconds>(seconds(value));
  if (unit == "m") return duration_cast<milliseconds>(minutes(value));
  if (unit == "h") return duration_cast<milliseconds>(hours(value));
  if (unit == "d") return duration_cast<milliseconds>(hours(24 * value));
  return std::nullopt;
}

std::optional<int> parse_clock_time(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != colon && std::isdigit(static_cast<unsigned char>(text[i])) == 0) return std::nullopt;
  }
  int hour = 0, minute = 0;
  std::from_chars(text.data(), text.data() + colon, hour);
  std::from_chars(text.data() + colon + 1, text.data() + text.size(), minute);
  if (hour > 23 || minute > 59) return std::nullopt;
  return hour * 60 + minute;
}

std::string format_clock_time(int minutes) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
  return buffer;
}

std::string format_duration(std::chrono::milliseconds value) {
  const long long ms = value.count();
  struct Unit { long long size; const char* name; };
  static constexpr Unit units[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const Unit& unit : units) {
    if (ms != 0 && ms % unit.size == 0) return std::to_string(ms / unit.size) + unit.name;
  }
  return std::to_string(ms) + "ms";
}

}  // namespace jiaxiao::config
