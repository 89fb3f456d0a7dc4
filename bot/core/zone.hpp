#pragma once
// The school's time zone (IANA name, from the OS tz database via Howard Hinnant's date/tz; never the
// host's TZ): conversions between stored UTC instants and the school's local dates and times.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace jiaxiao::core {

/// The zone of that IANA name in the tz database; nullptr when unknown. Never throws.
const date::time_zone* find_zone(const std::string& zone);
/// True when the IANA zone name is known to the tz database.
bool is_known_zone(const std::string& zone);
/// ISO 8601 with the zone's offset, e.g. "2026-12-05T15:00:00+08:00". Throws std::runtime_error on an
/// unknown zone (validated at start).
std::string iso_in_zone(std::int64_t unix_ms, const std::string& zone);
/// Midnight at the start of a local date "YYYY-MM-DD" in the zone, as Unix ms; nullopt when malformed.
std::optional<std::int64_t> local_midnight_ms(std::string_view date, const std::string& zone);

/// The first instant after `after_ms` whose local time in `zone` is `minute_of_day` (e.g. 19:00 = 1140).
std::int64_t next_local_minute(std::int64_t after_ms, const std::string& zone, int minute_of_day);
/// "30 分钟", "3 小时", "2 天": a duration in the largest whole unit.
std::string chinese_duration(std::int64_t ms);
/// "2026年11月23日": the local date of an instant.
std::string chinese_date(std::int64_t unix_ms, const std::string& zone);

}  // namespace jiaxiao::core
