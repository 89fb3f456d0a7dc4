#pragma once
// The webhook policy (shared/DESIGN.md "Answer the platform, then work"): the bad-signature limit per
// client address, the adapter's verdict, the message (or the bot's membership) committed before the
// answer, and the counts /metrics reports.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/adapters/adapter.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/platform.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/failure_limiter.hpp"
#include "bot/net/http_types.hpp"
#include "bot/net/latency_histogram.hpp"
#include "config/config.hpp"

namespace jiaxiao::app {

/// Counts of webhook requests since start (read on the io thread).
struct WebhookStats {
  std::map<std::string, std::map<unsigned, std::uint64_t>, std::less<>> requests;  // platform → status → count
  std::uint64_t signature_failures = 0;
  std::uint64_t limited_requests = 0;  // answered 429 for too many bad signatures
  net::LatencyHistogram latency;       // by platform, from parsed request to answer
};

/// Routes webhook requests to adapters and applies the policy. Thread: the io executor.
class Webhooks {
 public:
  /// `on_stored` runs after a new message is committed; `on_notes` after membership notes were queued.
  Webhooks(const config::Config& config, const core::Platforms& platforms, const core::Clock& clock, net::DbWorker& worker,
           std::function<void()> on_stored, std::function<void()> on_notes);

  /// Answers `path` with `adapter` (exact match).
  void add(std::string_view path, adapters::Adapter& adapter);
  /// Whether some adapter answers this path.
  bool handles(std::string_view path) const;
  /// One webhook request: limit, adapter, commit, answer. Never throws.
  net::awaitable<net::Response> handle(net::Request request);
  const WebhookStats& stats() const { return stats_; }

 private:
  net::awaitable<net::Response> handle_with(adapters::Adapter& adapter, net::Request request);
  void count(std::string_view platform, unsigned status);
  /// The client's address: the peer's, or the proxy's `server.real_ip_header` when the peer is loopback.
  std::string client_address(const net::Request& request) const;

  const config::Config& config_;
  const core::Platforms& platforms_;
  const core::Clock& clock_;
  net::DbWorker& worker_;
  std::function<void()> on_stored_, on_notes_;
  std::map<std::string, adapters::Adapter*, std::less<>> by_path_;
  net::FailureLimiter failures_;
  WebhookStats stats_;
};

}  // namespace jiaxiao::app
