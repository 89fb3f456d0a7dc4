#include "bot/core/quiet_hours.hpp"

#include <date/tz.h>

#include "bot/core/zone.hpp"

namespace jiaxiao::core {

std::optional<std::int64_t> quiet_until(std::int64_t at_ms, const std::string& zone, int start_minute, int end_minute) {
  using namespace std::chrono;
  if (start_minute == end_minute) return std::nullopt;
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) return std::nullopt;
  const auto local = date::make_zoned(tz, date::sys_time<milliseconds>(milliseconds(at_ms))).get_local_time();
  const auto day = date::floor<date::days>(local);
  const int minute = static_cast<int>(duration_cast<minutes>(local - day).count());
  std::optional<date::local_days> end_day;
  if (start_minute < end_minute) {
    if (minute >= start_minute && minute < end_minute) end_day = day;
  } else if (minute >= start_minute) {
    end_day = day + date::days(1);
  } else if (minute < end_minute) {
    end_day = day;
  }
  if (!end_day) return std::nullopt;
  const auto end_local = date::local_seconds(*end_day) + minutes(end_minute);
  const auto end = date::make_zoned(tz, end_local, date::choose::earliest).get_sys_time();
  return duration_cast<milliseconds>(end.time_since_epoch()).count();
}

}  // namespace jiaxiao::core
