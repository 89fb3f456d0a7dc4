// The per-address limit on failed signatures.
#include <gtest/gtest.h>

#include "bot/net/failure_limiter.hpp"

namespace jiaxiao::net {
namespace {

TEST(FailureLimiter, AnAddressIsBlockedAfterItsAllowanceUntilTheMinuteIsOver) {
  FailureLimiter limiter(3);
  const std::int64_t t0 = 1'000'000;
  EXPECT_FALSE(limiter.record_failure("203.0.113.9", t0));
  EXPECT_FALSE(limiter.record_failure("203.0.113.9", t0 + 10));
  EXPECT_FALSE(limiter.blocked("203.0.113.9", t0 + 20));
  EXPECT_TRUE(limiter.record_failure("203.0.113.9", t0 + 30));  // the one that used it up: logged once
  EXPECT_TRUE(limiter.blocked("203.0.113.9", t0 + 40));
  EXPECT_FALSE(limiter.blocked("198.51.100.7", t0 + 40));  // others are not affected
  EXPECT_TRUE(limiter.blocked("203.0.113.9", t0 + 59'999));
  EXPECT_FALSE(limiter.blocked("203.0.113.9", t0 + 60'000));  // a new minute, a new allowance
  EXPECT_FALSE(limiter.record_failure("203.0.113.9", t0 + 60'000));
  EXPECT_FALSE(limiter.blocked("203.0.113.9", t0 + 60'001));
}

TEST(FailureLimiter, ZeroMeansNoLimit) {
  FailureLimiter limiter(0);
  for (int i = 0; i < 1000; ++i) limiter.record_failure("203.0.113.9", i);
  EXPECT_FALSE(limiter.blocked("203.0.113.9", 1000));
}

TEST(FailureLimiter, ManyAddressesDoNotGrowWithoutBound) {
  FailureLimiter limiter(2);
  limiter.record_failure("attacker", 0);
  limiter.record_failure("attacker", 1);
  for (int i = 0; i < 5'000; ++i) limiter.record_failure("10.0." + std::to_string(i), 3);
  EXPECT_TRUE(limiter.blocked("attacker", 4));  // still tracked among a few thousand others
  // A spread-out attack from 30,000 addresses within one minute: the table stays bounded.
  for (int i = 0; i < 30'000; ++i) limiter.record_failure("10.1." + std::to_string(i), 5);
  EXPECT_LE(limiter.tracked(), FailureLimiter::max_tracked);
  // Past the minute, the windows that are over are forgotten first when room is needed.
  for (std::size_t i = 0; i < FailureLimiter::max_tracked; ++i) limiter.record_failure("10.2." + std::to_string(i), 70'000);
  EXPECT_LE(limiter.tracked(), FailureLimiter::max_tracked);
  EXPECT_GE(limiter.tracked(), FailureLimiter::max_tracked / 2);
}

}  // namespace
}  // namespace jiaxiao::net
