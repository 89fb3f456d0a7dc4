#pragma once
// What GET /metrics reports (SPEC §4): webhook requests, signatures, stored messages, the outbox,
// delivery problems, connections, latency, reminders and ingest commits.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "bot/app/webhooks.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/http_types.hpp"
#include "bot/net/outbox_sender.hpp"

namespace jiaxiao::app {

/// Where the figures come from; all read on the io thread but the database counts (on the worker).
struct MetricsSources {
  net::DbWorker& worker;
  const WebhookStats& webhooks;
  net::DeliveryCounters delivery;
  std::size_t connections_open = 0;
  std::map<std::string, std::uint64_t, std::less<>> loop_failures;  // by loop name
  std::uint64_t replies_dropped = 0;                                 // by the flood budget
};

/// The exposition as an HTTP response. Throws when the database fails.
net::awaitable<net::Response> metrics_response(MetricsSources sources);

}  // namespace jiaxiao::app
