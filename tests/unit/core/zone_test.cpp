#include "bot/core/zone.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::core {

TEST(Zone, FormatsInstantsWithTheSchoolsOffset) {
  // 2026-12-05T07:00:00Z is 15:00 in Shanghai.
  EXPECT_EQ(iso_in_zone(1'796'454'000'000, "Asia/Shanghai"), "2026-12-05T15:00:00+08:00");
  EXPECT_EQ(iso_in_zone(1'796'454'000'000, "UTC"), "2026-12-05T07:00:00+00:00");
}

TEST(Zone, FindsLocalMidnight) {
  EXPECT_EQ(local_midnight_ms("2026-12-05", "Asia/Shanghai"), 1'796'400'000'000);  // 2026-12-04T16:00Z
  EXPECT_FALSE(local_midnight_ms("2026-02-30", "Asia/Shanghai"));
  EXPECT_FALSE(local_midnight_ms("5.12.2026", "Asia/Shanghai"));
}

TEST(Zone, KnowsIanaNamesOnly) {
  EXPECT_TRUE(is_known_zone("Asia/Shanghai"));
  EXPECT_FALSE(is_known_zone("Beijing"));
  EXPECT_THROW(iso_in_zone(0, "Mars/Olympus"), std::runtime_error);
}

}  // namespace jiaxiao::core
