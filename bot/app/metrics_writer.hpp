#pragma once
// Prometheus text exposition (version 0.0.4), written once: HELP and TYPE per family, label values
// escaped, histograms from net::LatencyHistogram. What /metrics says is in bot/app/metrics.cpp.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "bot/net/latency_histogram.hpp"

namespace jiaxiao::app {

/// A label value with \, " and newlines escaped as the text format asks.
std::string escape_label_value(std::string_view value);

/// Builds one exposition. Not thread-safe; use one per scrape.
class MetricsWriter {
 public:
  /// A family of one unlabelled series.
  void counter(std::string_view name, std::string_view help, std::uint64_t value);
  void gauge(std::string_view name, std::string_view help, std::int64_t value);
  /// A family with one label: a series per (label value, value), in map order.
  void counter(std::string_view name, std::string_view help, std::string_view label,
               const std::map<std::string, std::uint64_t, std::less<>>& values);
  void gauge(std::string_view name, std::string_view help, std::string_view label,
             const std::map<std::string, std::int64_t, std::less<>>& values);
  /// A family with two labels (e.g. platform and status).
  void counter(std::string_view name, std::string_view help, std::string_view label1, std::string_view label2,
               const std::map<std::pair<std::string, std::string>, std::uint64_t>& values);
  /// A histogram with one label: cumulative buckets, _sum and _count per label value.
  void histogram(std::string_view name, std::string_view help, std::string_view label, const net::LatencyHistogram& h);

  /// The text written so far.
  const std::string& text() const { return text_; }

 private:
  void header(std::string_view name, std::string_view help, std::string_view type);
  void series(std::string_view name, std::string_view labels, std::string_view value);

  std::string text_;
};

}  // namespace jiaxiao::app
