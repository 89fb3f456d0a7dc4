// The access-token cache shared by the QQ and WeCom adapters.
#include "bot/adapters/token_cache.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::adapters {
namespace {

TEST(TokenCache, ATokenIsUsedUntilItsMarginBeforeExpiryAndThenAskedForAgain) {
  TokenCache cache(90'000, 30'000);
  EXPECT_EQ(cache.current(0), "");
  EXPECT_EQ(cache.store("T1", 7200, 1'000), 7200 - 90);
  EXPECT_EQ(cache.current(1'000), "T1");
  EXPECT_EQ(cache.current(1'000 + 7'110'000 - 1), "T1");
  EXPECT_EQ(cache.current(1'000 + 7'110'000), "");
}

TEST(TokenCache, AShortLivedTokenIsKeptForTheFloorAndADroppedOneIsGone) {
  TokenCache cache(90'000, 30'000);
  EXPECT_EQ(cache.store("T2", 10, 0), 30);  // 10 s less 90 s margin: the floor of 30 s
  EXPECT_EQ(cache.current(29'999), "T2");
  cache.drop();
  EXPECT_EQ(cache.current(1), "");
}

}  // namespace
}  // namespace jiaxiao::adapters
