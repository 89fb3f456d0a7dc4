#include "bot/app/metrics.hpp"

#include "bot/app/metrics_writer.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "store/reminders.hpp"

namespace jiaxiao::app {

namespace {
struct DatabaseCounts {
  store::OutboxCounts outbox;
  std::int64_t in = 0, out = 0, reminders = 0;
};

std::map<std::string, std::uint64_t, std::less<>> by_platform(const std::map<std::string, std::uint64_t>& values) {
  return {values.begin(), values.end()};
}
}  // namespace

net::awaitable<net::Response> metrics_response(MetricsSources sources) {
  std::function<DatabaseCounts(store::Database&)> read_counts = [](store::Database& db) {
    DatabaseCounts c;
    c.outbox = store::Outbox(db.sql()).counts();
    store::Messages messages(db.sql());
    c.in = messages.count("in");
    c.out = messages.count("out");
    c.reminders = store::Reminders(db.sql()).pending_count();
    return c;
  };
  const auto counts = co_await sources.worker.run(std::move(read_counts));
  const auto& web = sources.webhooks;
  std::map<std::pair<std::string, std::string>, std::uint64_t> requests;
  for (const auto& [platform, by_status] : web.requests)
    for (const auto& [status, n] : by_status) requests[{platform, std::to_string(status)}] = n;

  MetricsWriter w;
  w.counter("jiaxiao_requests_total", "Webhook requests by platform and HTTP status.", "platform", "status", requests);
  w.counter("jiaxiao_signature_failures_total", "Webhook requests refused for a bad or missing signature.",
            web.signature_failures);
  w.gauge("jiaxiao_messages_stored", "Messages in the database by direction.", "direction",
          {{"in", counts.in}, {"out", counts.out}});
  w.gauge("jiaxiao_outbox_messages", "Outgoing messages by delivery state.", "state",
          {{"pending", counts.outbox.pending}, {"sent", counts.outbox.sent}, {"failed", counts.outbox.failed}});
  w.gauge("jiaxiao_outbox_waiting",
          "Pending messages held until the chat offers a way out (a reply window, a robot key).", counts.outbox.waiting);
  w.counter("jiaxiao_platform_config_errors_total",
            "Sends refused for a configuration problem (WeCom 60020 trusted IP, 40001 secret).", "platform",
            by_platform(sources.delivery.config_errors));
  w.counter("jiaxiao_outbox_window_waits_total", "Times a message found no reply window or push key and was held.",
            "platform", by_platform(sources.delivery.window_waits));
  w.counter("jiaxiao_outbox_window_expired_total",
            "Messages given up after waiting outbox.window_wait for a reply window.", "platform",
            by_platform(sources.delivery.window_expired));
  w.counter("jiaxiao_outbox_given_up_total",
            "Messages marked failed after outbox.give_up_after of failed attempts, or refused by the platform.",
            "platform", by_platform(sources.delivery.given_up));
  w.counter("jiaxiao_outbox_unknown_outcomes_total",
            "Sends whose outcome never came back (a timeout, a restart while sending); retried with the platform's "
            "dedupe, else at most once.",
            "platform", by_platform(sources.delivery.unknown_outcomes));
  w.gauge("jiaxiao_connections_open", "HTTP connections open now (server.max_connections caps them).",
          static_cast<std::int64_t>(sources.connections_open));
  w.counter("jiaxiao_limited_requests_total",
            "Webhook requests answered 429: their address sent too many bad signatures.", web.limited_requests);
  w.histogram("jiaxiao_request_duration_seconds",
              "Webhook handling time, from the parsed request to the answer (signature, parsing, commit).", "platform",
              web.latency);
  w.counter("jiaxiao_loop_failures_total", "Rounds of a long-lived loop that failed; the loop goes on after a back-off.",
            "loop", sources.loop_failures);
  w.counter("jiaxiao_replies_dropped_total",
            "Answers not sent: the member had had outbox.replies_per_member_per_minute in that group this minute.",
            sources.replies_dropped);
  w.gauge("jiaxiao_reminders_pending", "Reminders waiting to fire.", counts.reminders);
  w.counter("jiaxiao_ingest_commits_total", "Transactions that stored incoming messages (group commit).",
            sources.worker.ingest_commits());
  net::Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = w.text();
  co_return response;
}

}  // namespace jiaxiao::app
