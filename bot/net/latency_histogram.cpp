#include "bot/net/latency_histogram.hpp"

#include <cstdio>

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

std::string LatencyHistogram::render(const std::string& name, const std::string& help, const std::string& label_name) const {
  std::string text = "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
  char number[32];
  for (const auto& [label, s] : series_) {
    const std::string prefix = name + "_bucket{" + label_name + "=\"" + label + "\",le=\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      cumulative += s.buckets[i];
      std::snprintf(number, sizeof number, "%g", bounds[i]);
      text += prefix + number + "\"} " + std::to_string(cumulative) + "\n";
    }
    text += prefix + "+Inf\"} " + std::to_string(s.count) + "\n";
    std::snprintf(number, sizeof number, "%.6f", s.sum_seconds);
    text += name + "_sum{" + label_name + "=\"" + label + "\"} " + number + "\n";
    text += name + "_count{" + label_name + "=\"" + label + "\"} " + std::to_string(s.count) + "\n";
  }
  return text;
}

}  // namespace jiaxiao::net
