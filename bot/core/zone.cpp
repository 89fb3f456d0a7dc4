#include "bot/core/zone.hpp"

#include <charconv>
#include <date/tz.h>
#include <stdexcept>

namespace jiaxiao::core {

const date::time_zone* find_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

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

std::int64_t next_local_minute(std::int64_t after_ms, const std::string& zone, int minute_of_day) {
  using namespace std::chrono;
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) throw std::runtime_error("unknown time zone " + zone);
  const auto local = date::make_zoned(tz, date::sys_time<milliseconds>(milliseconds(after_ms))).get_local_time();
  auto day = date::floor<date::days>(local);
  for (int i = 0; i < 3; ++i, day += date::days(1)) {
    const auto at = date::make_zoned(tz, date::local_seconds(day) + minutes(minute_of_day), date::choose::earliest);
    const auto ms = duration_cast<milliseconds>(at.get_sys_time().time_since_epoch()).count();
    if (ms > after_ms) return ms;
  }
  return after_ms + 24LL * 3600 * 1000;
}

std::string chinese_duration(std::int64_t ms) {
  constexpr std::int64_t minute = 60'000, hour = 60 * minute, day = 24 * hour;
  if (ms >= day && ms % day == 0) return std::to_string(ms / day) + " 天";
  if (ms >= hour && ms % hour == 0) return std::to_string(ms / hour) + " 小时";
  if (ms >= minute) return std::to_string(ms / minute) + " 分钟";
  return std::to_string(ms / 1000) + " 秒";
}

std::string chinese_date(std::int64_t unix_ms, const std::string& zone) {
  using namespace std::chrono;
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) throw std::runtime_error("unknown time zone " + zone);
  const auto local = date::make_zoned(tz, date::sys_time<milliseconds>(milliseconds(unix_ms))).get_local_time();
  const date::year_month_day ymd{date::floor<date::days>(local)};
  return std::to_string(static_cast<int>(ymd.year())) + "年" + std::to_string(static_cast<unsigned>(ymd.month())) +
         "月" + std::to_string(static_cast<unsigned>(ymd.day())) + "日";
}

}  // namespace jiaxiao::core
