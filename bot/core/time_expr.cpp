#include "bot/core/time_expr.hpp"
#include "bot/core/zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include "bot/core/scanner.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::core {

namespace {

using namespace std::chrono;

enum class Period { early_morning, morning, noon, afternoon, evening };

constexpr std::array<std::string_view, 7> weekday_names = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

const char* example_text = "例如：明天下午3点、12月5日 15:00、下周三8点、2小时后";

/// What the scanner found; resolution happens afterwards.
struct Parts {
  // date
  std::optional<int> year;
  std::optional<int> month, day;
  std::optional<int> day_offset;  // 今天 0, 明天 1, 后天 2, 大后天 3
  std::optional<int> weekday;     // 1 = Monday … 7 = Sunday
  int week_shift = -1;            // -1: bare "周五"; 0: 本周; 1: 下周; 2: 下下周
  // time of day
  std::optional<Period> period;
  std::optional<int> hour;
  int minute = 0;
  bool colon_form = false;  // "15:00": a 24-hour clock, taken literally
  // "30分钟后"
  std::optional<milliseconds> relative;

  bool has_date() const { return month.has_value() || day_offset.has_value() || weekday.has_value(); }
};

// ---- scanning --------------------------------------------------------------------------------

bool scan_relative(Scanner& in, Parts& parts) {
  const std::size_t start = in.pos();
  int amount = 0;
  bool half = false;
  if (in.match("半")) {
    half = true;
  } else if (!in.number(amount)) {
    return false;
  } else if (in.match("个半")) {
    half = true;  // "一个半小时"
  }
  in.match("个");
  milliseconds unit{0};
  if (in.match("分钟") || in.match("分")) unit = minutes(1);
  else if (in.match("小时") || in.match("钟头")) unit = hours(1);
  else if (in.match("天")) unit = hours(24);
  if (unit.count() == 0 || !(in.match("以后") || in.match("之后") || in.match("后"))) {
    in.reset(start);
    return false;
  }
  parts.relative = unit * amount + (half ? unit / 2 : milliseconds{0});
  return true;
}

/// "2026-12-05", "2026/12/5", "12-05", "12/5", "2026年12月5日", "12月5号".
bool scan_calendar_date(Scanner& in, Parts& parts) {
  const std::size_t start = in.pos();
  int a = 0, b = 0, c = 0;
  if (in.ascii_number(a, 4)) {
    const std::size_t after_first = in.pos();
    const bool four_digits = after_first - start == 4;
    for (char sep : {'-', '/', '.'}) {
      in.reset(after_first);
      if (!in.match(std::string_view(&sep, 1))) continue;
      if (!in.ascii_number(b, 2)) continue;
      if (four_digits) {
        if (!in.match(std::string_view(&sep, 1)) || !in.ascii_number(c, 2)) continue;
        parts.year = a, parts.month = b, parts.day = c;
        return true;
      }
      if (sep == '.') continue;  // "3.5" is not a date
      parts.month = a, parts.day = b;
      return true;
    }
    in.reset(start);
  }
  // Chinese form, with an optional year.
  int first = 0;
  if (in.number(first)) {
    if (in.match("年")) {
      parts.year = first;
      if (!in.number(first)) return in.reset(start), false;
    }
    if (in.match("月")) {
      int day = 0;
      if (in.number(day) && (in.match("日") || in.match("号"))) {
        parts.month = first, parts.day = day;
        return true;
      }
    }
  }
  in.reset(start);
  parts.year.reset();
  return false;
}

bool scan_relative_day(Scanner& in, Parts& parts) {
  static constexpr std::array<std::string_view, 14> words = {"大后天", "后天", "明天", "明日", "今天", "今日", "今晚",
                                                             "明晚",   "今早", "明早", "今夜", "明夜", "昨天", "前天"};
  static constexpr int offsets[] = {3, 2, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, -1, -2};
  const int i = in.match_any(words);
  if (i < 0) return false;
  parts.day_offset = offsets[i];
  if (i == 6 || i == 7 || i == 10 || i == 11) parts.period = Period::evening;
  if (i == 8 || i == 9) parts.period = Period::morning;
  return true;
}

bool scan_weekday(Scanner& in, Parts& parts) {
  const std::size_t start = in.pos();
  static constexpr std::array<std::string_view, 6> prefixes = {"下下个", "下下", "下个", "下", "这个", "这"};
  static constexpr int shifts[] = {2, 2, 1, 1, 0, 0};
  int shift = -1;
  if (in.match("本")) shift = 0;
  else if (int p = in.match_any(prefixes); p >= 0) shift = shifts[p];
  static constexpr std::array<std::string_view, 3> weeks = {"星期", "礼拜", "周"};
  if (in.match_any(weeks) < 0) return in.reset(start), false;
  static constexpr std::array<std::string_view, 8> days = {"一", "二", "三", "四", "五", "六", "日", "天"};
  int day = in.match_any(days);
  if (day < 0) {
    int n = 0;
    if (!in.ascii_number(n, 1) || n < 1 || n > 7) return in.reset(start), false;
    day = n - 1;
  }
  parts.weekday = day == 7 ? 7 : day + 1;
  parts.week_shift = shift;
  return true;
}

bool scan_period(Scanner& in, Parts& parts) {
  static constexpr std::array<std::string_view, 11> words = {"凌晨", "早上", "早晨", "上午", "中午", "下午",
                                                             "傍晚", "晚上", "夜里", "夜间", "今晚"};
  static constexpr Period periods[] = {Period::early_morning, Period::morning,   Period::morning, Period::morning,
                                       Period::noon,          Period::afternoon, Period::evening, Period::evening,
                                       Period::evening,       Period::evening,   Period::evening};
  const int i = in.match_any(words);
  if (i < 0) return false;
  if (i == 10) {
    if (parts.has_date()) return false;
    parts.day_offset = 0;
  }
  parts.period = periods[i];
  return true;
}

/// "15:00", "3点", "3点半", "3点一刻", "三点四十五", "15时30分", "8点整".
bool scan_clock(Scanner& in, Parts& parts) {
  const std::size_t start = in.pos();
  int hour = 0;
  if (in.ascii_number(hour, 2) && in.match(":")) {
    int minute = 0;
    const std::size_t minute_start = in.pos();
    if (!in.ascii_number(minute, 2) || in.pos() - minute_start != 2) return in.reset(start), false;
    parts.hour = hour, parts.minute = minute, parts.colon_form = true;
    return true;
  }
  in.reset(start);
  if (!in.number(hour) || !(in.match("点") || in.match("时"))) return in.reset(start), false;
  parts.hour = hour;
  if (in.match("半")) parts.minute = 30;
  else if (in.match("一刻")) parts.minute = 15;
  else if (in.match("三刻")) parts.minute = 45;
  else if (in.match("整")) parts.minute = 0;
  else {
    int minute = 0;
    if (in.number(minute)) {
      parts.minute = minute;
      if (!in.match("分钟")) in.match("分");
    }
  }
  return true;
}

/// "3点到5点", "周五至周六", "15:00-17:00": a range.
bool looks_like_range(Scanner in) {
  in.skip_spaces();
  static constexpr std::array<std::string_view, 7> joins = {"到", "至", "~", "～", "—", "-", "－"};
  if (in.match_any(joins) < 0) return false;
  in.skip_spaces();
  Parts ignored;
  int n = 0;
  return in.number(n) || scan_period(in, ignored) || scan_weekday(in, ignored) || scan_relative_day(in, ignored);
}

// ---- resolution ------------------------------------------------------------------------------

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::int64_t to_ms(const date::time_zone* tz, date::local_seconds local) {
  const auto zoned = date::make_zoned(tz, local, date::choose::earliest);
  return duration_cast<milliseconds>(zoned.get_sys_time().time_since_epoch()).count();
}

int days_in(int year, int month) {
  return static_cast<int>(static_cast<unsigned>(
      (date::year{year} / date::month{static_cast<unsigned>(month)} / date::last).day()));
}

struct Resolved {
  date::local_days day;
  int hour = 0, minute = 0;
  bool date_only = false;
};

/// The hour on a 24-hour clock, and how many days it moves ("晚上12点" is the end of that day).
Parsed<std::pair<int, int>> clock_hour(const Parts& parts) {
  int h = *parts.hour;
  const int m = parts.minute;
  if (m < 0 || m > 59) return ParseError{"分钟应在 0 到 59 之间"};
  if (h > 24 || (h == 24 && m > 0)) return ParseError{"没有 " + std::to_string(h) + " 点"};
  int day_shift = 0;
  if (parts.period) {
    switch (*parts.period) {
      case Period::early_morning:
        if (h == 12) h = 0;
        break;
      case Period::morning:
        if (h > 12) return ParseError{"上午没有 " + std::to_string(h) + " 点"};
        break;
      case Period::noon:
        if (h >= 1 && h <= 3) h += 12;
        break;
      case Period::afternoon:
        if (h < 12) h += 12;
        break;
      case Period::evening:
        if (h >= 5 && h < 12) h += 12;
        else if (h == 12) h = 24;
        else if (h <= 4) day_shift = 1;  // 晚上1点: after midnight
        break;
    }
  } else if (!parts.colon_form && h >= 1 && h <= 6) {
    h += 12;  // "3点" in a school's day is the afternoon (docs/time.md); the echo shows it
  }
  if (h == 24) {
    h = 0;
    day_shift += 1;
  }
  return std::pair{h, day_shift};
}

Parsed<TimeReading> resolve(const Parts& parts, std::int64_t now_ms, const std::string& zone, TimeUse use) {
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) return ParseError{"未知的时区 " + zone};
  if (parts.relative) {
    const std::int64_t at = now_ms + parts.relative->count();
    if (parts.relative->count() <= 0) return ParseError{"时间应在现在之后"};
    return TimeReading{at, echo_time(at, now_ms, zone), false};
  }
  const auto now_local = date::make_zoned(tz, date::sys_time<milliseconds>(milliseconds(now_ms))).get_local_time();
  const auto today = date::floor<date::days>(now_local);
  const date::year_month_day today_ymd{today};

  if (!parts.hour) {
    if (parts.period) return ParseError{"请写明几点，" + std::string(example_text)};
    if (use != TimeUse::deadline) {
      return ParseError{use == TimeUse::event ? "请写明几点开始，例如：明天下午3点" : "请写明几点提醒，例如：明天早上8点"};
    }
  }
  int hour = 23, minute = 59, day_shift = 0;
  if (parts.hour) {
    auto h = clock_hour(parts);
    if (!h) return ParseError{h.error()};
    hour = h->first, minute = parts.minute, day_shift = h->second;
  }
  const bool date_only = !parts.hour;

  auto instant = [&](date::local_days day) {
    return to_ms(tz, date::local_seconds(day + date::days(day_shift)) + hours(hour) + minutes(minute));
  };

  std::optional<date::local_days> day;
  bool roll_to_next = false;  // "the next such time": a later day when today's has passed
  int roll_days = 1;
  if (parts.month) {
    const int month = *parts.month, dom = *parts.day;
    if (month < 1 || month > 12) return ParseError{"没有 " + std::to_string(month) + " 月"};
    if (dom < 1 || dom > 31) return ParseError{std::to_string(month) + "月没有" + std::to_string(dom) + "日"};
    if (parts.year) {
      if (*parts.year < 2000 || *parts.year > 2100) return ParseError{"年份 " + std::to_string(*parts.year) + " 不对"};
      if (dom > days_in(*parts.year, month))
        return ParseError{std::to_string(*parts.year) + "年" + std::to_string(month) + "月没有" + std::to_string(dom) + "日"};
      day = date::local_days{date::year{*parts.year} / month / dom};
    } else {
      // The next such date: this year, or next year when it has passed (or does not exist this year).
      for (int y = static_cast<int>(today_ymd.year()); y <= static_cast<int>(today_ymd.year()) + 4; ++y) {
        if (dom > days_in(y, month)) continue;
        const date::local_days candidate{date::year{y} / month / dom};
        if (instant(candidate) >= now_ms) {
          day = candidate;
          break;
        }
        if (!day) day = candidate;  // remembered for the "has passed" message
      }
      if (!day) return ParseError{std::to_string(month) + "月没有" + std::to_string(dom) + "日"};
    }
  } else if (parts.day_offset) {
    day = today + date::days(*parts.day_offset);
  } else if (parts.weekday) {
    const int today_weekday = static_cast<int>(date::weekday{today}.iso_encoding());  // 1 = Monday
    const auto monday = today - date::days(today_weekday - 1);
    if (parts.week_shift >= 0) {
      day = monday + date::days(7 * parts.week_shift + *parts.weekday - 1);
    } else {
      day = today + date::days((*parts.weekday - today_weekday + 7) % 7);
      roll_to_next = true;
      roll_days = 7;
    }
  } else {
    day = today;
    roll_to_next = true;
  }
  std::int64_t at = instant(*day);
  if (at < now_ms && roll_to_next) at = instant(*day + date::days(roll_days));
  TimeReading reading{at, echo_time(at, now_ms, zone), date_only};
  if (at < now_ms) return ParseError{"这个时间已经过去了：" + reading.echo};
  return reading;
}

Parsed<TimePrefix> read(std::string_view text, std::int64_t now_ms, const std::string& zone, TimeUse use) {
  Scanner in(text);
  Parts parts;
  in.skip_spaces();
  if (scan_relative(in, parts)) {
    if (looks_like_range(in)) return ParseError{"请只写开始时间（不要写时间段）"};
    auto reading = resolve(parts, now_ms, zone, use);
    if (!reading) return ParseError{reading.error()};
    return TimePrefix{*reading, in.pos()};
  }
  bool found = scan_calendar_date(in, parts) || scan_relative_day(in, parts) || scan_weekday(in, parts);
  std::size_t end = in.pos();
  auto try_part = [&](auto scan) {
    const std::size_t before = in.pos();
    in.skip_spaces();
    if (scan(in, parts)) {
      end = in.pos();
      found = true;
      return true;
    }
    in.reset(before);
    return false;
  };
  try_part(scan_period);
  try_part(scan_clock);
  in.reset(end);
  if (!found) return ParseError{"看不懂这个时间，" + std::string(example_text)};
  if (looks_like_range(in)) return ParseError{"请只写开始时间（不要写“3点到5点”这样的时间段）"};
  auto reading = resolve(parts, now_ms, zone, use);
  if (!reading) return ParseError{reading.error()};
  return TimePrefix{*reading, end};
}

}  // namespace

std::string echo_time(std::int64_t at_ms, std::int64_t now_ms, const std::string& zone) {
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) return "";
  auto local_of = [&](std::int64_t ms) {
    return date::make_zoned(tz, date::sys_time<milliseconds>(milliseconds(ms))).get_local_time();
  };
  const auto local = local_of(at_ms);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<milliseconds> clock{local - day};
  const date::year_month_day now_ymd{date::floor<date::days>(local_of(now_ms))};
  std::string out;
  if (ymd.year() != now_ymd.year()) out += std::to_string(static_cast<int>(ymd.year())) + "年";
  out += std::to_string(static_cast<unsigned>(ymd.month())) + "月" + std::to_string(static_cast<unsigned>(ymd.day())) +
         "日（" + std::string(weekday_names[date::weekday{day}.iso_encoding() - 1]) + "）" +
         two_digits(static_cast<int>(clock.hours().count())) + ":" + two_digits(static_cast<int>(clock.minutes().count()));
  return out;
}

Parsed<TimeReading> read_time(std::string_view expression, std::int64_t now_ms, const std::string& zone, TimeUse use) {
  const std::string text = normalise(expression);
  if (text.empty()) return ParseError{"请写一个时间，" + std::string(example_text)};
  auto prefix = read(text, now_ms, zone, use);
  if (!prefix) return ParseError{prefix.error()};
  const std::string_view rest = trim(std::string_view(text).substr(prefix->consumed));
  if (!rest.empty()) return ParseError{"看不懂时间里的“" + std::string(rest) + "”，" + example_text};
  return prefix->reading;
}

Parsed<TimePrefix> read_time_prefix(std::string_view normalised_text, std::int64_t now_ms, const std::string& zone,
                                    TimeUse use) {
  return read(normalised_text, now_ms, zone, use);
}

}  // namespace jiaxiao::core
