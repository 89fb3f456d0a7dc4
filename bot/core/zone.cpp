#include "bot/core/zone.hpp"

#include <charconv>
#include <date/tz.h>
#include <stdexcept>

namespace jiaxiao::core {

namespace {
const date::time_zone* find_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}
}  // namespace

bool is_known_zone(const std::string& zone) { return find_zone(zone) != nullptr; }

std::string iso_in_zone(std::int64_t unix_ms, const std::string& zone) {
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) throw std::runtime_error("unknown time zone " + zone);
  const auto instant = date::sys_seconds{std::chrono::seconds{unix_ms / 1000 - (unix_ms % 1000 < 0 ? 1 : 0)}};
  return date::format("%FT%T%Ez", date::make_zoned(tz, instant));
}

std::optional<std::int64_t> local_midnight_ms(std::string_view text, const std::string& zone) {
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr || text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto digits = [&](std::size_t at, std::size_t n, auto& out) {
    return std::from_chars(text.data() + at, text.data() + at + n, out).ptr == text.data() + at + n;
  };
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  const auto local = date::local_days{ymd};
  const auto zoned = date::make_zoned(tz, local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::milliseconds>(zoned.get_sys_time().time_since_epoch()).count();
}

}  // namespace jiaxiao::core
