#include "bot/app/metrics_writer.hpp"

#include <cstdio>

namespace jiaxiao::app {

namespace {
std::string label_pair(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + escape_label_value(value) + "\"";
}
}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void MetricsWriter::header(std::string_view name, std::string_view help, std::string_view type) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  text_ += help;
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type;
  text_ += '\n';
}

void MetricsWriter::series(std::string_view name, std::string_view labels, std::string_view value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    text_ += labels;
    text_ += '}';
  }
  text_ += ' ';
  text_ += value;
  text_ += '\n';
}

void MetricsWriter::counter(std::string_view name, std::string_view help, std::uint64_t value) {
  header(name, help, "counter");
  series(name, "", std::to_string(value));
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, std::int64_t value) {
  header(name, help, "gauge");
  series(name, "", std::to_string(value));
}

void MetricsWriter::counter(std::string_view name, std::string_view help, std::string_view label,
                            const std::map<std::string, std::uint64_t, std::less<>>& values) {
  header(name, help, "counter");
  for (const auto& [key, value] : values) series(name, label_pair(label, key), std::to_string(value));
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, std::string_view label,
                          const std::map<std::string, std::int64_t, std::less<>>& values) {
  header(name, help, "gauge");
  for (const auto& [key, value] : values) series(name, label_pair(label, key), std::to_string(value));
}

void MetricsWriter::counter(std::string_view name, std::string_view help, std::string_view label1,
                            std::string_view label2,
                            const std::map<std::pair<std::string, std::string>, std::uint64_t>& values) {
  header(name, help, "counter");
  for (const auto& [keys, value] : values)
    series(name, label_pair(label1, keys.first) + "," + label_pair(label2, keys.second), std::to_string(value));
}

void MetricsWriter::histogram(std::string_view name, std::string_view help, std::string_view label,
                              const net::LatencyHistogram& h) {
  header(name, help, "histogram");
  const std::string bucket = std::string(name) + "_bucket";
  char number[32];
  for (const auto& [key, s] : h.series()) {
    const std::string labelled = label_pair(label, key);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < net::LatencyHistogram::bounds.size(); ++i) {
      cumulative += s.buckets[i];
      std::snprintf(number, sizeof number, "%g", net::LatencyHistogram::bounds[i]);
      series(bucket, labelled + ",le=\"" + number + "\"", std::to_string(cumulative));
    }
    series(bucket, labelled + ",le=\"+Inf\"", std::to_string(s.count));
    std::snprintf(number, sizeof number, "%.6f", s.sum_seconds);
    series(std::string(name) + "_sum", labelled, number);
    series(std::string(name) + "_count", labelled, std::to_string(s.count));
  }
}

}  // namespace jiaxiao::app
