#include "bot/net/pacing.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::net {

TEST(TokenBucket, AllowsTheBurstThenOneTokenPerInterval) {
  TokenBucket bucket({20, 3}, 0);  // 20 a minute: one every 3 s
  EXPECT_TRUE(bucket.try_take(0));
  EXPECT_TRUE(bucket.try_take(0));
  EXPECT_TRUE(bucket.try_take(0));
  EXPECT_FALSE(bucket.try_take(0));
  EXPECT_EQ(bucket.next_ms(0), 3000);
  EXPECT_FALSE(bucket.try_take(2999));
  EXPECT_TRUE(bucket.try_take(3000));
  EXPECT_TRUE(bucket.try_take(60'000));  // refilled, but never above the burst
  EXPECT_TRUE(bucket.try_take(60'000));
  EXPECT_TRUE(bucket.try_take(60'000));
  EXPECT_FALSE(bucket.try_take(60'000));
}

TEST(TokenBucket, ZeroPerMinuteMeansNoLimit) {
  TokenBucket bucket({0, 1}, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(bucket.try_take(0));
}

TEST(Pacer, OneBusyGroupDoesNotDelayAnother) {
  Pacer pacer({{"onebot", {{20, 2}, {20, 2}, {0, 1}}}});
  const core::ChatRef a{"onebot", core::ChatKind::group, "a"}, b{"onebot", core::ChatKind::group, "b"};
  EXPECT_TRUE(pacer.try_send(a, 0));
  EXPECT_TRUE(pacer.try_send(a, 0));
  EXPECT_FALSE(pacer.try_send(a, 0));
  EXPECT_TRUE(pacer.try_send(b, 0));
  EXPECT_TRUE(pacer.try_send(b, 0));
  EXPECT_EQ(pacer.next_ms(a, 0), 3000);
}

TEST(Pacer, ThePlatformLimitCoversAllChatsTogether) {
  Pacer pacer({{"onebot", {{0, 1}, {0, 1}, {60, 2}}}});
  const core::ChatRef a{"onebot", core::ChatKind::group, "a"}, b{"onebot", core::ChatKind::group, "b"};
  EXPECT_TRUE(pacer.try_send(a, 0));
  EXPECT_TRUE(pacer.try_send(b, 0));
  EXPECT_FALSE(pacer.try_send(a, 0));
  EXPECT_EQ(pacer.next_ms(b, 0), 1000);
  EXPECT_TRUE(pacer.try_send(b, 1000));
}

TEST(Pacer, AFailedCheckTakesNoToken) {
  Pacer pacer({{"onebot", {{60, 1}, {0, 1}, {60, 2}}}});
  const core::ChatRef a{"onebot", core::ChatKind::group, "a"}, b{"onebot", core::ChatKind::group, "b"};
  EXPECT_TRUE(pacer.try_send(a, 0));
  EXPECT_FALSE(pacer.try_send(a, 0));  // a's own bucket is empty: the platform's token stays
  EXPECT_TRUE(pacer.try_send(b, 0));
}

}  // namespace jiaxiao::net
