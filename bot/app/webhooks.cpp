#include "bot/app/webhooks.hpp"

#include "bot/app/membership.hpp"
#include "bot/core/log.hpp"

namespace jiaxiao::app {

Webhooks::Webhooks(const config::Config& config, const core::Platforms& platforms, const core::Clock& clock,
                   net::DbWorker& worker, std::function<void()> on_stored, std::function<void()> on_notes)
    : config_(config),
      platforms_(platforms),
      clock_(clock),
      worker_(worker),
      on_stored_(std::move(on_stored)),
      on_notes_(std::move(on_notes)),
      failures_(config.server.failed_signatures_per_minute) {}

void Webhooks::add(std::string_view path, adapters::Adapter& adapter) { by_path_[std::string(path)] = &adapter; }

bool Webhooks::handles(std::string_view path) const { return by_path_.find(path) != by_path_.end(); }

void Webhooks::count(std::string_view platform, unsigned status) {
  auto found = stats_.requests.find(platform);
  if (found == stats_.requests.end()) found = stats_.requests.try_emplace(std::string(platform)).first;
  ++found->second[status];
}

std::string Webhooks::client_address(const net::Request& request) const {
  if (!config_.server.real_ip_header.empty() && config::is_loopback_host(request.remote_address)) {
    if (const auto* forwarded = request.header(config_.server.real_ip_header); forwarded && !forwarded->empty())
      return forwarded->substr(0, 64);
  }
  return request.remote_address;
}

net::awaitable<net::Response> Webhooks::handle(net::Request request) {
  const auto found = by_path_.find(request.path());
  if (found == by_path_.end()) co_return net::text_response(404, "not found\n");
  adapters::Adapter& adapter = *found->second;
  const auto started = std::chrono::steady_clock::now();
  auto response = co_await handle_with(adapter, std::move(request));
  stats_.latency.observe(adapter.platform(), std::chrono::steady_clock::now() - started);
  co_return response;
}

net::awaitable<net::Response> Webhooks::handle_with(adapters::Adapter& adapter, net::Request request) {
  // Signatures first: the limit turns only a failing request's 401 into 429, never a good one's answer
  // (a proxy without X-Real-IP, or a shared address, must not lock out the platforms' callbacks).
  auto outcome = adapter.handle_webhook(request);
  if (outcome.signature_failed) {
    const std::string client = client_address(request);
    ++stats_.signature_failures;
    if (failures_.blocked(client, clock_.now_ms())) {
      ++stats_.limited_requests;
      count(adapter.platform(), 429);
      co_return net::text_response(429, "too many failed signatures; try again in a minute\n");
    }
    core::log::warn("signature_failed", "platform", adapter.platform(), "remote", client);
    if (failures_.record_failure(client, clock_.now_ms()))
      core::log::warn("client_limited", "remote", client, "reason", "failed_signatures_per_minute");
  }
  if (outcome.message) {
    try {
      core::IncomingMessage message = std::move(*outcome.message);
      const auto stored = co_await worker_.ingest(std::move(message));
      core::log::debug("message_stored", "platform", adapter.platform(), "message", stored.message_id, "duplicate",
                       stored.duplicate);
      if (!stored.duplicate) on_stored_();
    } catch (const std::exception& e) {
      // Not committed: answer 5xx so the platform's retry can bring it again.
      core::log::error("ingest_failed", "platform", adapter.platform(), "error", e.what());
      outcome.response = net::text_response(503, "storage unavailable\n");
    }
  }
  if (outcome.membership) {
    try {
      if (co_await record_membership(worker_, platforms_, clock_, *outcome.membership) > 0) on_notes_();
    } catch (const std::exception& e) {
      core::log::error("membership_failed", "platform", adapter.platform(), "error", e.what());
      outcome.response = net::text_response(503, "storage unavailable\n");
    }
  }
  count(adapter.platform(), outcome.response.status);
  co_return outcome.response;
}

}  // namespace jiaxiao::app
