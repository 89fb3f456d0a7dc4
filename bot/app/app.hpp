#pragma once
// The composition root of `jiaxiao serve`: io_context, database worker, router, reminder firer,
// adapters from the registry, server and outbox, wired per shared/DESIGN.md "The way a message
// travels". The policies live beside it: webhooks.cpp (the webhook path), membership.cpp, metrics.cpp.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bot/adapters/adapter.hpp"
#include "bot/app/webhooks.hpp"
#include "bot/core/platform.hpp"
#include "bot/net/db_worker.hpp"
#include "bot/net/outbox_lanes.hpp"
#include "bot/net/scheduler.hpp"
#include "bot/net/server.hpp"
#include "bot/router/reminder_firer.hpp"
#include "bot/router/router.hpp"
#include "config/config.hpp"

namespace jiaxiao::app {

/// The server application. Construct, start(), run the io_context, stop() from a signal.
/// Thread: everything but the database runs on the io_context's one thread.
class App {
 public:
  /// Opens (and migrates) the database and builds the enabled platforms' adapters; throws on startup
  /// failures with a message naming the cause.
  App(config::Config config, boost::asio::io_context& io, const core::Clock& clock);
  ~App();

  /// Listens, acts on messages left unprocessed by a crash, starts the outbox; returns the port.
  std::uint16_t start();
  /// Graceful stop: no new connections; in-flight requests finish and commit; queued database work
  /// completes; then `done` runs (on the io thread).
  void stop(std::function<void()> done);

 private:
  /// Routing by path: /healthz, /metrics, then the webhooks.
  net::awaitable<net::Response> handle(net::Request request);
  net::OutboxOptions outbox_options();

  config::Config config_;
  boost::asio::io_context& io_;
  const core::Clock& clock_;
  core::Platforms platforms_;
  std::unique_ptr<store::Database> db_;
  handlers::Registry registry_;
  std::unique_ptr<router::Router> router_;
  std::unique_ptr<router::ReminderFirer> reminders_;
  std::unique_ptr<net::DbWorker> worker_;
  std::vector<std::unique_ptr<adapters::Adapter>> adapters_;
  std::unique_ptr<Webhooks> webhooks_;
  std::unique_ptr<net::OutboxLanes> outbox_;  // one delivery loop per platform
  std::unique_ptr<net::Scheduler> scheduler_;
  std::unique_ptr<net::Server> server_;
};

}  // namespace jiaxiao::app
