// Counting request latencies into buckets (rendered by app::MetricsWriter).
#include "bot/net/latency_histogram.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::net {
namespace {

TEST(LatencyHistogram, EachObservationLandsInTheFirstBucketThatHoldsIt) {
  LatencyHistogram histogram;
  using std::chrono::microseconds;
  histogram.observe("onebot", microseconds(500));         // bucket 0: ≤ 1 ms
  histogram.observe("onebot", microseconds(1000));        // exactly on a bound: that bucket
  histogram.observe("onebot", microseconds(4000));        // bucket 2: ≤ 5 ms
  histogram.observe("onebot", std::chrono::seconds(20));  // over every bound: counted, in no bucket
  const auto& series = histogram.series().at("onebot");
  EXPECT_EQ(series.count, 4u);
  EXPECT_EQ(series.buckets[0], 2u);
  EXPECT_EQ(series.buckets[1], 0u);
  EXPECT_EQ(series.buckets[2], 1u);
  std::uint64_t in_buckets = 0;
  for (const auto n : series.buckets) in_buckets += n;
  EXPECT_EQ(in_buckets, 3u);
  EXPECT_NEAR(series.sum_seconds, 20.0055, 1e-9);
  EXPECT_FALSE(histogram.series().contains("qq"));
}

}  // namespace
}  // namespace jiaxiao::net
