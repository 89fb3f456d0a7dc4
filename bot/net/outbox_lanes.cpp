#include "bot/net/outbox_lanes.hpp"

#include <memory>

namespace jiaxiao::net {

OutboxLanes::OutboxLanes(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock,
                         const OutboxOptions& options,
                         const std::vector<std::pair<std::string, adapters::Sender*>>& senders) {
  for (const auto& [platform, sender] : senders) {
    std::vector<std::pair<std::string, adapters::Sender*>> one{{platform, sender}};
    lanes_.emplace_back("outbox:" + platform,
                        std::make_unique<OutboxSender>(executor, worker, clock, options, std::move(one)));
  }
}

void OutboxLanes::start() {
  for (auto& [name, lane] : lanes_) lane->start();
}

void OutboxLanes::wake() {
  for (auto& [name, lane] : lanes_) lane->wake();
}

void OutboxLanes::stop(std::function<void()> done) {
  if (lanes_.empty()) return done();
  // The last lane to end runs `done`.
  auto left = std::make_shared<std::size_t>(lanes_.size());
  auto shared_done = std::make_shared<std::function<void()>>(std::move(done));
  for (auto& [name, lane] : lanes_) {
    lane->stop([left, shared_done] {
      if (--*left == 0) (*shared_done)();
    });
  }
}

DeliveryCounters OutboxLanes::counters() const {
  DeliveryCounters sum;
  const auto add = [](std::map<std::string, std::uint64_t>& to, const std::map<std::string, std::uint64_t>& from) {
    for (const auto& [platform, n] : from) to[platform] += n;
  };
  for (const auto& [name, lane] : lanes_) {
    const auto& c = lane->counters();
    add(sum.config_errors, c.config_errors);
    add(sum.window_waits, c.window_waits);
    add(sum.window_expired, c.window_expired);
    add(sum.given_up, c.given_up);
    add(sum.unknown_outcomes, c.unknown_outcomes);
  }
  return sum;
}

std::map<std::string, std::uint64_t, std::less<>> OutboxLanes::failures() const {
  std::map<std::string, std::uint64_t, std::less<>> out;
  for (const auto& [name, lane] : lanes_) out[name] = lane->failures();
  return out;
}

std::vector<std::pair<std::string, std::optional<std::chrono::steady_clock::time_point>>>
OutboxLanes::failing_since() const {
  std::vector<std::pair<std::string, std::optional<std::chrono::steady_clock::time_point>>> out;
  for (const auto& [name, lane] : lanes_) out.emplace_back(name, lane->failing_since());
  return out;
}

}  // namespace jiaxiao::net
