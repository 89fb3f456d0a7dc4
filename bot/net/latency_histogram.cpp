#include "bot/net/latency_histogram.hpp"

namespace jiaxiao::net {

void LatencyHistogram::observe(std::string_view label, std::chrono::nanoseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  auto found = series_.find(label);
  if (found == series_.end()) found = series_.try_emplace(std::string(label)).first;
  Series& s = found->second;
  ++s.count;
  s.sum_seconds += seconds;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (seconds <= bounds[i]) {
      ++s.buckets[i];
      break;
    }
  }
}

}  // namespace jiaxiao::net
