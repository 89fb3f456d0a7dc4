#include "bot/app/app.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "bot/adapters/onebot/adapter.hpp"
#include "bot/adapters/qq/adapter.hpp"
#include "bot/adapters/wecom/adapter.hpp"
#include "bot/core/log.hpp"
#include "handlers/delivery.hpp"
#include "store/classes.hpp"
#include "store/outbox.hpp"
#include "store/reminders.hpp"

namespace jiaxiao::app {

namespace {
std::map<std::string, net::PlatformPace> pacing_of(const config::Config& config) {
  std::map<std::string, net::PlatformPace> paces;
  for (const auto& [platform, pace] : config.pacing) {
    const double burst = pace.burst;
    paces[platform] = {{static_cast<double>(pace.group_per_minute), burst},
                       {static_cast<double>(pace.person_per_minute), burst},
                       {static_cast<double>(pace.platform_per_minute), burst}};
  }
  return paces;
}
}  // namespace

App::App(config::Config config, boost::asio::io_context& io, const core::Clock& clock)
    : config_(std::move(config)), io_(io), clock_(clock), failures_(config_.server.failed_signatures_per_minute) {
  db_ = std::make_unique<store::Database>(config_.database);
  handlers::register_all(registry_, config_);
  router_ = std::make_unique<router::Router>(registry_, config_, clock_);
  if (config_.onebot.enabled) {
    const bool loopback = config::is_loopback_host(config_.listen_host);
    if (config_.onebot.secret.empty()) {
      if (loopback) core::log::warn("onebot_unsigned", "detail", "no platforms.onebot.secret: unsigned events accepted on loopback only");
      else core::log::warn("onebot_unsigned", "detail", "no platforms.onebot.secret while not on loopback: every /onebot event is refused (401)");
    }
    adapters_.push_back(std::make_unique<adapters::onebot::OneBotAdapter>(io_.get_executor(), config_.onebot, loopback,
                                                                          config_.outbox.send_timeout));
  }
  if (config_.wecom.enabled) {
    adapters_.push_back(std::make_unique<adapters::wecom::WeComAdapter>(io_.get_executor(), config_.wecom, clock_,
                                                                        config_.outbox.send_timeout));
  }
  if (config_.qq.enabled) {
    adapters_.push_back(std::make_unique<adapters::qq::QqAdapter>(io_.get_executor(), config_.qq, clock_,
                                                                  config_.outbox.send_timeout));
  }
}

App::~App() = default;

std::uint16_t App::start() {
  worker_ = std::make_unique<net::DbWorker>(io_.get_executor(), *db_, clock_);
  std::vector<std::pair<std::string, net::Sender*>> senders;
  for (auto& adapter : adapters_) senders.emplace_back(std::string(adapter->platform()), adapter.get());
  net::OutboxOptions outbox_options;
  outbox_options.pacing = pacing_of(config_);
  outbox_options.max_attempts = config_.outbox.max_attempts;
  outbox_options.retry_initial = config_.outbox.retry_initial;
  outbox_options.retry_max = config_.outbox.retry_max;
  outbox_options.poll_interval = config_.outbox.poll_interval;
  outbox_options.window_wait = config_.outbox.window_wait;
  // Runs on the database thread inside the transaction that records the failed send.
  outbox_options.on_unreachable = [this](store::Database& db, const store::OutboxItem& item) {
    const std::int64_t now = clock_.now_ms();
    for (const auto& note : handlers::chat_unreachable(db, item.message.chat, now)) store::Outbox(db.sql()).enqueue(note, now);
  };
  // Runs on the database thread inside the transaction that gives the messages up.
  outbox_options.on_window_expired = [this, waited = config_.outbox.window_wait](store::Database& db,
                                                                                 const std::vector<store::OutboxItem>& items) {
    const std::int64_t now = clock_.now_ms();
    for (const auto& note : handlers::undelivered_notes(db, items, waited)) store::Outbox(db.sql()).enqueue(note, now);
  };
  outbox_ = std::make_unique<net::OutboxSender>(io_.get_executor(), *worker_, clock_, std::move(outbox_options),
                                                std::move(senders));
  scheduler_ = std::make_unique<net::Scheduler>(
      io_.get_executor(), *worker_, clock_, [this](store::Database& db) { return router_->fire_due(db); },
      [](store::Database& db) { return store::Reminders(db.sql()).next_due_ms(); }, [this] { outbox_->wake(); },
      config_.outbox.poll_interval);
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


void App::count_request(std::string_view platform, unsigned status) {
  auto found = request_counts_.find(platform);
  if (found == request_counts_.end()) found = request_counts_.try_emplace(std::string(platform)).first;
  ++found->second[status];
}

net::awaitable<net::Response> App::handle(net::Request request) {
  const std::string path(request.path());
  if (path == "/healthz") {
    if (request.method != "GET" && request.method != "HEAD") co_return net::text_response(405, "method not allowed\n");
    std::function<bool(store::Database&)> probe = [](store::Database& db) { return db.healthy(); };
    const bool ok = co_await worker_->run(std::move(probe));
    co_return ok ? net::text_response(200, "ok\n") : net::text_response(503, "database unavailable\n");
  }
  if (path == "/metrics") {
    if (request.method != "GET") co_return net::text_response(405, "method not allowed\n");
    co_return co_await metrics();
  }
  for (auto& adapter : adapters_) {
    const auto paths = adapter->paths();
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) continue;
    const auto started = std::chrono::steady_clock::now();
    auto response = co_await handle_webhook(*adapter, std::move(request));
    latency_.observe(adapter->platform(), std::chrono::steady_clock::now() - started);
    co_return response;
  }
  co_return net::text_response(404, "not found\n");
}

std::string App::client_address(const net::Request& request) const {
  if (!config_.server.real_ip_header.empty() && config::is_loopback_host(request.remote_address)) {
    if (const auto* forwarded = request.header(config_.server.real_ip_header); forwarded && !forwarded->empty())
      return forwarded->substr(0, 64);
  }
  return request.remote_address;
}

net::awaitable<net::Response> App::handle_webhook(adapters::Adapter& adapter, net::Request request) {
  const std::string client = client_address(request);
  if (failures_.blocked(client, clock_.now_ms())) {
    ++limited_requests_;
    count_request(adapter.platform(), 429);
    co_return net::text_response(429, "too many failed signatures; try again in a minute\n");
  }
  auto outcome = adapter.handle_webhook(request);
  if (outcome.signature_failed) {
    ++signature_failures_;
    core::log::warn("signature_failed", "platform", adapter.platform(), "remote", client);
    if (failures_.record_failure(client, clock_.now_ms()))
      core::log::warn("client_limited", "remote", client, "reason", "failed_signatures_per_minute");
  }
  if (outcome.message) {
    try {
      core::IncomingMessage message = std::move(*outcome.message);
      const auto stored = co_await worker_->ingest(std::move(message));
      core::log::debug("message_stored", "platform", adapter.platform(), "message", stored.message_id, "duplicate",
                      stored.duplicate);
      if (!stored.duplicate) worker_->wake_background();  // acted on in the next slice
    } catch (const std::exception& e) {
      // Not committed: answer 5xx so the platform's retry can bring it again.
      core::log::error("ingest_failed", "platform", adapter.platform(), "error", e.what());
      outcome.response = net::text_response(503, "storage unavailable\n");
    }
  }
  if (outcome.membership) {
    try {
      co_await record_membership(*outcome.membership);
    } catch (const std::exception& e) {
      core::log::error("membership_failed", "platform", adapter.platform(), "error", e.what());
      outcome.response = net::text_response(503, "storage unavailable\n");
    }
  }
  count_request(adapter.platform(), outcome.response.status);
  co_return outcome.response;
}

net::awaitable<void> App::record_membership(adapters::Membership membership) {
  // Returns how many notes were queued (teachers told of a removal; none for an addition).
  std::function<std::size_t(store::Database&)> record = [this, membership](store::Database& db) {
    const std::int64_t now = clock_.now_ms();
    SQLite::Transaction transaction(db.sql());
    std::size_t queued = 0;
    if (membership.bot_present) {
      store::Classes(db.sql()).mark_reachable(membership.chat, now);
    } else {
      for (const auto& note : handlers::chat_unreachable(db, membership.chat, now)) {
        store::Outbox(db.sql()).enqueue(note, now);
        ++queued;
      }
    }
    transaction.commit();
    return queued;
  };
  const std::size_t queued = co_await worker_->run(std::move(record));
  core::log::info(membership.bot_present ? "bot_added_to_group" : "bot_removed_from_group", "platform",
                  membership.chat.platform, "notes", queued);
  if (queued > 0) outbox_->wake();
}

net::awaitable<net::Response> App::metrics() {
  struct Counts {
    store::OutboxCounts outbox;
    std::int64_t in = 0, out = 0, reminders = 0;
  };
  std::function<Counts(store::Database&)> read_counts = [](store::Database& db) {
    Counts c;
    c.outbox = store::Outbox(db.sql()).counts();
    store::Messages messages(db.sql());
    c.in = messages.count("in");
    c.out = messages.count("out");
    c.reminders = store::Reminders(db.sql()).pending_count();
    return c;
  };
  const auto counts = co_await worker_->run(std::move(read_counts));
  std::string text;
  text += "# HELP jiaxiao_requests_total Webhook requests by platform and HTTP status.\n";
  text += "# TYPE jiaxiao_requests_total counter\n";
  for (const auto& [platform, by_status] : request_counts_) {
    for (const auto& [status, n] : by_status) {
      text += "jiaxiao_requests_total{platform=\"" + platform + "\",status=\"" + std::to_string(status) + "\"} " +
              std::to_string(n) + "\n";
    }
  }
  text += "# HELP jiaxiao_signature_failures_total Webhook requests refused for a bad or missing signature.\n";
  text += "# TYPE jiaxiao_signature_failures_total counter\n";
  text += "jiaxiao_signature_failures_total " + std::to_string(signature_failures_) + "\n";
  text += "# HELP jiaxiao_messages_stored Messages in the database by direction.\n";
  text += "# TYPE jiaxiao_messages_stored gauge\n";
  text += "jiaxiao_messages_stored{direction=\"in\"} " + std::to_string(counts.in) + "\n";
  text += "jiaxiao_messages_stored{direction=\"out\"} " + std::to_string(counts.out) + "\n";
  text += "# HELP jiaxiao_outbox_messages Outgoing messages by delivery state.\n";
  text += "# TYPE jiaxiao_outbox_messages gauge\n";
  text += "jiaxiao_outbox_messages{state=\"pending\"} " + std::to_string(counts.outbox.pending) + "\n";
  text += "jiaxiao_outbox_messages{state=\"sent\"} " + std::to_string(counts.outbox.sent) + "\n";
  text += "jiaxiao_outbox_messages{state=\"failed\"} " + std::to_string(counts.outbox.failed) + "\n";
  text += "# HELP jiaxiao_outbox_waiting Pending messages held until the chat offers a way out (a reply window, a robot key).\n";
  text += "# TYPE jiaxiao_outbox_waiting gauge\n";
  text += "jiaxiao_outbox_waiting " + std::to_string(counts.outbox.waiting) + "\n";
  const auto& problems = outbox_->counters();
  const auto by_platform = [&text](const char* name, const char* help, const std::map<std::string, std::uint64_t>& values) {
    text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n";
    for (const auto& [platform, n] : values)
      text += std::string(name) + "{platform=\"" + platform + "\"} " + std::to_string(n) + "\n";
  };
  by_platform("jiaxiao_platform_config_errors_total",
              "Sends refused for a configuration problem (WeCom 60020 trusted IP, 40001 secret).", problems.config_errors);
  by_platform("jiaxiao_outbox_window_waits_total", "Times a message found no reply window or push key and was held.",
              problems.window_waits);
  by_platform("jiaxiao_outbox_window_expired_total", "Messages given up after waiting outbox.window_wait for a reply window.",
              problems.window_expired);
  text += "# HELP jiaxiao_connections_open HTTP connections open now (server.max_connections caps them).\n";
  text += "# TYPE jiaxiao_connections_open gauge\n";
  text += "jiaxiao_connections_open " + std::to_string(server_->connections()) + "\n";
  text += "# HELP jiaxiao_limited_requests_total Webhook requests answered 429: their address sent too many bad signatures.\n";
  text += "# TYPE jiaxiao_limited_requests_total counter\n";
  text += "jiaxiao_limited_requests_total " + std::to_string(limited_requests_) + "\n";
  text += latency_.render("jiaxiao_request_duration_seconds",
                          "Webhook handling time, from the parsed request to the answer (signature, parsing, commit).",
                          "platform");
  text += "# HELP jiaxiao_reminders_pending Reminders waiting to fire.\n";
  text += "# TYPE jiaxiao_reminders_pending gauge\n";
  text += "jiaxiao_reminders_pending " + std::to_string(counts.reminders) + "\n";
  text += "# HELP jiaxiao_ingest_commits_total Transactions that stored incoming messages (group commit).\n";
  text += "# TYPE jiaxiao_ingest_commits_total counter\n";
  text += "jiaxiao_ingest_commits_total " + std::to_string(worker_->ingest_commits()) + "\n";
  net::Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = std::move(text);
  co_return response;
}

}  // namespace jiaxiao::app
