#pragma once
// Request latency counted into Prometheus histogram buckets, one series per label value (rendered by
// bot/app/metrics_writer).

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace jiaxiao::net {

/// Not thread-safe: observed and rendered on one executor.
class LatencyHistogram {
 public:
  /// Upper bounds of the buckets, seconds (the last bucket, +Inf, is implied).
  static constexpr std::array<double, 12> bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  /// Counts one request of `label` that took `elapsed`.
  void observe(std::string_view label, std::chrono::nanoseconds elapsed);
  /// One label value's counts.
  struct Series {
    std::array<std::uint64_t, bounds.size()> buckets{};  // not cumulative; summed when rendered
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };
  /// Every label value's counts, by label value.
  const std::map<std::string, Series, std::less<>>& series() const { return series_; }

 private:
  std::map<std::string, Series, std::less<>> series_;
};

}  // namespace jiaxiao::net
