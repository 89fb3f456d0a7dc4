#include "bot/core/quiet_hours.hpp"

#include <gtest/gtest.h>

#include "bot/core/zone.hpp"

namespace jiaxiao::core {

namespace {
constexpr const char* zone = "Asia/Shanghai";
std::int64_t at(const std::string& date, int hour, int minute) {
  return *local_midnight_ms(date, zone) + (hour * 60LL + minute) * 60'000;
}
constexpr int start = 21 * 60 + 30, end = 7 * 60 + 30;  // 21:30–07:30
}  // namespace

TEST(QuietHours, AnEveningTimeWaitsUntilTheNextMorning) {
  EXPECT_EQ(quiet_until(at("2026-11-23", 22, 0), zone, start, end), at("2026-11-24", 7, 30));
  EXPECT_EQ(quiet_until(at("2026-11-23", 21, 30), zone, start, end), at("2026-11-24", 7, 30));
}

TEST(QuietHours, AnEarlyMorningTimeWaitsUntilThatMorning) {
  EXPECT_EQ(quiet_until(at("2026-11-24", 3, 0), zone, start, end), at("2026-11-24", 7, 30));
  EXPECT_EQ(quiet_until(at("2026-11-24", 0, 0), zone, start, end), at("2026-11-24", 7, 30));
}

TEST(QuietHours, DaytimeIsNotQuiet) {
  EXPECT_FALSE(quiet_until(at("2026-11-24", 7, 30), zone, start, end));
  EXPECT_FALSE(quiet_until(at("2026-11-24", 12, 0), zone, start, end));
  EXPECT_FALSE(quiet_until(at("2026-11-24", 21, 29), zone, start, end));
}

TEST(QuietHours, AWindowWithinOneDayAndAnEmptyWindowWork) {
  const int noon = 12 * 60, two = 14 * 60;  // a school's 午休
  EXPECT_EQ(quiet_until(at("2026-11-24", 13, 0), zone, noon, two), at("2026-11-24", 14, 0));
  EXPECT_FALSE(quiet_until(at("2026-11-24", 14, 0), zone, noon, two));
  EXPECT_FALSE(quiet_until(at("2026-11-24", 3, 0), zone, 0, 0));
}

}  // namespace jiaxiao::core
