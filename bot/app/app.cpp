#include "bot/app/app.hpp"

#include <boost/asio/post.hpp>

#include "bot/adapters/registry.hpp"
#include "bot/app/health.hpp"
#include "bot/app/metrics.hpp"
#include "bot/core/log.hpp"
#include "handlers/delivery.hpp"
#include "store/outbox.hpp"
#include "store/reminders.hpp"

namespace jiaxiao::app {

App::App(config::Config config, boost::asio::io_context& io, const core::Clock& clock)
    : config_(std::move(config)), io_(io), clock_(clock), platforms_(adapters::platforms()) {
  db_ = std::make_unique<store::Database>(config_.database);
  handlers::register_all(registry_, config_);
  router_ = std::make_unique<router::Router>(registry_, config_, platforms_, clock_,
                                             config_.outbox.replies_per_member_per_minute);
  reminders_ = std::make_unique<router::ReminderFirer>(registry_, config_, platforms_, clock_);
  const adapters::AdapterDeps deps{io_.get_executor(), config_, clock_};
  for (const auto& entry : adapters::platform_entries()) {
    if (!entry.make) continue;
    if (auto adapter = entry.make(deps)) adapters_.push_back(std::move(adapter));
  }
}

App::~App() = default;

net::OutboxOptions App::outbox_options() {
  net::OutboxOptions options;
  for (const auto& entry : adapters::platform_entries()) {
    const config::PaceConfig pace = adapters::pace_of(config_, entry);
    const double burst = pace.burst;
    options.pacing[entry.capabilities.name] = {{static_cast<double>(pace.group_per_minute), burst},
                                               {static_cast<double>(pace.person_per_minute), burst},
                                               {static_cast<double>(pace.platform_per_minute), burst}};
  }
  options.max_attempts = config_.outbox.max_attempts;
  options.retry_initial = config_.outbox.retry_initial;
  options.retry_max = config_.outbox.retry_max;
  options.poll_interval = config_.outbox.poll_interval;
  options.window_wait = config_.outbox.window_wait;
  options.give_up_after = config_.outbox.give_up_after;
  // Runs on the database thread inside the transaction that marks the message failed.
  options.on_given_up = [this](store::Database& db, const store::OutboxItem& item, std::chrono::milliseconds failing_for) {
    const std::int64_t now = clock_.now_ms();
    for (const auto& note : handlers::undelivered_notes(db, platforms_, {item}, failing_for,
                                                        handlers::GiveUpReason::platform_failing))
      store::Outbox(db.sql()).enqueue(note, now);
  };
  // Runs on the database thread inside the transaction that records the failed send.
  options.on_unreachable = [this](store::Database& db, const store::OutboxItem& item) {
    const std::int64_t now = clock_.now_ms();
    for (const auto& note : handlers::chat_unreachable(db, platforms_, item.message.chat, now)) store::Outbox(db.sql()).enqueue(note, now);
  };
  // Runs on the database thread inside the transaction that gives the messages up.
  options.on_window_expired = [this, waited = config_.outbox.window_wait](store::Database& db,
                                                                          const std::vector<store::OutboxItem>& items) {
    const std::int64_t now = clock_.now_ms();
    for (const auto& note : handlers::undelivered_notes(db, platforms_, items, waited))
      store::Outbox(db.sql()).enqueue(note, now);
  };
  return options;
}

std::uint16_t App::start() {
  worker_ = std::make_unique<net::DbWorker>(io_.get_executor(), *db_, clock_);
  std::vector<std::pair<std::string, adapters::Sender*>> senders;
  for (auto& adapter : adapters_) senders.emplace_back(std::string(adapter->platform()), adapter.get());
  outbox_ = std::make_unique<net::OutboxLanes>(io_.get_executor(), *worker_, clock_, outbox_options(), senders);
  scheduler_ = std::make_unique<net::Scheduler>(
      io_.get_executor(), *worker_, clock_, [this](store::Database& db) { return reminders_->fire_due(db); },
      [](store::Database& db) { return store::Reminders(db.sql()).next_due_ms(); }, [this] { outbox_->wake(); },
      config_.outbox.poll_interval);
  webhooks_ = std::make_unique<Webhooks>(
      config_, platforms_, clock_, *worker_, [this] { worker_->wake_background(); }, [this] { outbox_->wake(); });
  for (auto& adapter : adapters_) {
    for (const auto path : adapters::find_platform(adapter->platform())->paths) webhooks_->add(path, *adapter);
  }
  net::ServerOptions options{config_.server.body_limit, config_.server.read_timeout, config_.server.write_timeout,
                             config_.server.idle_timeout, config_.server.max_connections};
  server_ = std::make_unique<net::Server>(io_.get_executor(), options,
                                          [this](net::Request request) { return handle(std::move(request)); });
  const std::uint16_t port = server_->listen(config_.listen_host, config_.listen_port);
  // Stored messages are acted on in slices, each committed with the next ingest batch (one fsync for
  // both); a slice's size bounds how long a webhook waits behind it.
  worker_->set_background([this](store::Database& db) {
    constexpr std::size_t slice = 16;
    const std::size_t n = router_->process_batch_in_transaction(db, slice);
    // A command may have added or cancelled reminders: the scheduler looks again (one indexed query);
    // answers may be queued, or held messages released by a new reply window.
    if (n > 0) {
      boost::asio::post(io_, [this] {
        scheduler_->wake();
        outbox_->wake();
      });
    }
    return n == slice;
  });
  // Messages committed before a crash but never acted on are acted on now, once.
  worker_->wake_background();
  outbox_->start();
  scheduler_->start();  // its first round fires what fell due while the service was down
  core::log::info("listening", "host", config_.listen_host, "port", port, "database", config_.database);
  return port;
}

void App::stop(std::function<void()> done) {
  core::log::info("stopping");
  server_->stop([this, done = std::move(done)]() mutable {
    scheduler_->stop([this, done = std::move(done)]() mutable {
      outbox_->stop([this, done = std::move(done)]() mutable {
        worker_->stop();  // runs the queued work (processing of answered messages) to the end
        core::log::info("stopped");
        done();
      });
    });
  });
}

net::awaitable<net::Response> App::handle(net::Request request) {
  const std::string_view path = request.path();
  if (path == "/healthz") {
    if (request.method != "GET" && request.method != "HEAD") co_return net::text_response(405, "method not allowed\n");
    std::function<bool(store::Database&)> probe = [this](store::Database& db) { return db.writable(clock_.now_ms()); };
    bool writable = false;
    try {
      writable = co_await worker_->run(std::move(probe));
    } catch (const std::exception&) {
      writable = false;  // the worker itself is stopping or failing
    }
    std::vector<LoopHealth> loops{{"scheduler", scheduler_->failing_since()}};
    for (auto& [name, since] : outbox_->failing_since()) loops.push_back({name, since});
    const auto problem = health_problem(writable, loops, std::chrono::steady_clock::now());
    if (problem) core::log::warn("unhealthy", "reason", *problem);
    co_return problem ? net::text_response(503, "unhealthy: " + *problem + "\n") : net::text_response(200, "ok\n");
  }
  if (path == "/metrics") {
    if (request.method != "GET") co_return net::text_response(405, "method not allowed\n");
    auto loop_failures = outbox_->failures();
    loop_failures["scheduler"] = scheduler_->failures();
    // Named before co_await: GCC 12 mishandles a braced temporary inside a co_await expression.
    MetricsSources sources{*worker_, webhooks_->stats(), outbox_->counters(), server_->connections(),
                           std::move(loop_failures), router_->replies_dropped()};
    co_return co_await metrics_response(std::move(sources));
  }
  co_return co_await webhooks_->handle(std::move(request));
}

}  // namespace jiaxiao::app
