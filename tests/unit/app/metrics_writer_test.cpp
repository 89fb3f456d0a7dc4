// The Prometheus text of /metrics: families with HELP and TYPE, escaped label values, histograms.
#include "bot/app/metrics_writer.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::app {
namespace {

TEST(MetricsWriter, ACounterFamilyHasHelpTypeAndOneSeriesPerLabelValue) {
  MetricsWriter writer;
  writer.counter("x_total", "Things.", "platform", {{"onebot", 3}, {"qq", 1}});
  EXPECT_EQ(writer.text(),
            "# HELP x_total Things.\n# TYPE x_total counter\nx_total{platform=\"onebot\"} 3\n"
            "x_total{platform=\"qq\"} 1\n");
}

TEST(MetricsWriter, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  MetricsWriter writer;
  writer.gauge("g", "G.", "who", {{"x\"y", 1}});
  EXPECT_NE(writer.text().find("g{who=\"x\\\"y\"} 1\n"), std::string::npos) << writer.text();
}

TEST(MetricsWriter, TwoLabelsAndUnlabelledSeries) {
  MetricsWriter writer;
  writer.counter("r_total", "R.", "platform", "status", {{{"onebot", "204"}, 2}});
  writer.gauge("open", "Open.", -1);
  EXPECT_NE(writer.text().find("r_total{platform=\"onebot\",status=\"204\"} 2\n"), std::string::npos);
  EXPECT_NE(writer.text().find("# TYPE open gauge\nopen -1\n"), std::string::npos);
}

TEST(MetricsWriter, AHistogramHasCumulativeBucketsWithSumAndCountPerLabel) {
  net::LatencyHistogram histogram;
  using std::chrono::microseconds;
  histogram.observe("onebot", microseconds(500));     // ≤ 1 ms
  histogram.observe("onebot", microseconds(4000));    // ≤ 5 ms
  histogram.observe("onebot", std::chrono::seconds(20));  // over every bound: +Inf only
  histogram.observe("qq", microseconds(30'000));      // ≤ 50 ms
  app::MetricsWriter writer;
  writer.histogram("x_seconds", "Help.", "platform", histogram);
  const std::string& text = writer.text();
  EXPECT_NE(text.find("# TYPE x_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"onebot\",le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"onebot\",le=\"0.0025\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"onebot\",le=\"0.005\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"onebot\",le=\"10\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"onebot\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_count{platform=\"onebot\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_sum{platform=\"onebot\"} 20.004500\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"qq\",le=\"0.025\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("x_seconds_bucket{platform=\"qq\",le=\"0.05\"} 1\n"), std::string::npos);
}

}  // namespace
}  // namespace jiaxiao::app
