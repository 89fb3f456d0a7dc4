// What /healthz says: the database's write probe and each loop's failing time.
#include "bot/app/health.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::app {
namespace {

using std::chrono::seconds;

TEST(Health, OkWhenTheDatabaseIsWritableAndNoLoopHasFailedForAMinute) {
  const auto now = std::chrono::steady_clock::now();
  EXPECT_EQ(health_problem(true, {{"outbox", std::nullopt}, {"scheduler", now - seconds(60)}}, now), std::nullopt);
}

TEST(Health, EachProblemIsNamed) {
  const auto now = std::chrono::steady_clock::now();
  EXPECT_EQ(health_problem(false, {}, now), "database cannot be written");
  EXPECT_EQ(health_problem(true, {{"outbox", now - seconds(75)}}, now), "loop outbox failing for 75 s");
  EXPECT_EQ(health_problem(false, {{"outbox", now - seconds(61)}, {"scheduler", now - seconds(90)}}, now),
            "database cannot be written; loop outbox failing for 61 s; loop scheduler failing for 90 s");
}

}  // namespace
}  // namespace jiaxiao::app
