#pragma once
// The composition root of `jiaxiao serve`: io_context, database worker, router, adapters, server and
// outbox, wired per shared/DESIGN.md "The way a message travels".

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bot/adapters/adapter.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/failure_limiter.hpp"
#include "bot/net/latency_histogram.hpp"
#include "bot/net/outbox_sender.hpp"
#include "bot/net/scheduler.hpp"
#include "bot/net/server.hpp"
#include "bot/router/router.hpp"
#include "config/config.hpp"

namespace jiaxiao::app {

/// The server application. Construct, start(), run the io_context, stop() from a signal.
/// Thread: everything but the database runs on the io_context's one thread.
class App {
 public:
  /// Opens (and migrates) the database and builds the adapters; throws on startup failures with
  /// a message naming the cause.
  App(config::Config config, boost::asio::io_context& io, const core::Clock& clock);
  ~App();

  /// Listens, acts on messages left unprocessed by a crash, starts the outbox; returns the port.
  std::uint16_t start();
  /// Graceful stop: no new connections; in-flight requests finish and commit; queued database work
  /// completes; then `done` runs (on the io thread).
  void stop(std::function<void()> done);

  /// The request policy: routing by path, webhook → ingest → answer → process. Public for tests.
  net::awaitable<net::Response> handle(net::Request request);

 private:
  net::awaitable<net::Response> metrics();
  void count_request(std::string_view platform, unsigned status);
  /// The webhook path's work: limit check, adapter, ingest, answer.
  net::awaitable<net::Response> handle_webhook(adapters::Adapter& adapter, net::Request request);
  /// Records that the bot was added to or removed from a group (removed: its class's teachers are told).
  net::awaitable<void> record_membership(adapters::Membership membership);
  /// The client's address: the peer's, or the proxy's `server.real_ip_header` when the peer is loopback.
  std::string client_address(const net::Request& request) const;

  config::Config config_;
  boost::asio::io_context& io_;
  const core::Clock& clock_;
  std::unique_ptr<store::Database> db_;
  handlers::Registry registry_;
  std::unique_ptr<router::Router> router_;
  std::unique_ptr<net::DbWorker> worker_;
  std::vector<std::unique_ptr<adapters::Adapter>> adapters_;
  std::unique_ptr<net::OutboxSender> outbox_;
  std::unique_ptr<net::Scheduler> scheduler_;
  std::unique_ptr<net::Server> server_;
  std::map<std::string, std::map<unsigned, std::uint64_t>, std::less<>> request_counts_;  // platform → status → count
  std::uint64_t signature_failures_ = 0;
  std::uint64_t limited_requests_ = 0;  // answered 429 by failures_
  net::FailureLimiter failures_;
  net::LatencyHistogram latency_;  // webhook requests by platform, from parsed request to answer
};

}  // namespace jiaxiao::app
