#pragma once
// The school's time zone (IANA name, from the OS tz database via Howard Hinnant's date/tz; never the
// host's TZ): conversions between stored UTC instants and the school's local dates and times.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jiaxiao::core {

/// True when the IANA zone name is known to the tz database.
bool is_known_zone(const std::string& zone);
/// ISO 8601 with the zone's offset, e.g. "2026-12-05T15:00:00+08:00". Throws std::runtime_error on an
/// unknown zone (validated at start).
std::string iso_in_zone(std::int64_t unix_ms, const std::string& zone);
/// Midnight at the start of a local date "YYYY-MM-DD" in the zone, as Unix ms; nullopt when malformed.
std::optional<std::int64_t> local_midnight_ms(std::string_view date, const std::string& zone);

}  // namespace jiaxiao::core
