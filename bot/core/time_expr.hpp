#pragma once
// Chinese time expressions as teachers type them ("下周三下午三点半", "明天8点", "2小时后",
// "12月5日 15:00"), read in the school's time zone (SPEC §2 "Time expressions"; rules in
// docs/time.md). Untrusted input: a reading or a one-line Chinese reason, never an exception.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/core/result.hpp"

namespace jiaxiao::core {

/// What the time is for, which decides how a date without an hour is read.
enum class TimeUse {
  deadline,  // a date alone means 23:59 of that day
  event,     // a meeting: a date alone is refused (ask for the hour)
  reminder,  // a reminder: a date alone is refused (ask for the hour)
};

struct TimeReading {
  std::int64_t at_ms = 0;  // the instant, Unix ms (UTC)
  std::string echo;        // how it was read, e.g. "12月5日（周五）15:00"
  bool date_only = false;  // a deadline given as a date: 23:59
};

/// A reading of the start of a text, and how many bytes of it the time took.
struct TimePrefix {
  TimeReading reading;
  std::size_t consumed = 0;
};

/// Reads a whole expression (normalised inside). `now_ms` is the present; `zone` an IANA name.
Parsed<TimeReading> read_time(std::string_view expression, std::int64_t now_ms, const std::string& zone,
                              TimeUse use);

/// Reads the time at the start of already normalised text ("明天下午3点 交作业" → the time and 18 bytes),
/// for commands whose time is followed by other words.
Parsed<TimePrefix> read_time_prefix(std::string_view normalised_text, std::int64_t now_ms, const std::string& zone,
                                    TimeUse use);

/// "12月5日（周五）15:00" in the zone; the year is shown when it differs from the year of `now_ms`.
std::string echo_time(std::int64_t at_ms, std::int64_t now_ms, const std::string& zone);

}  // namespace jiaxiao::core
