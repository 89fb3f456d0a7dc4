#pragma once
// One delivery loop per platform (SPEC §3: one platform that is slow or down delays no other's
// messages): each lane is an OutboxSender over the rows of its platform, with its own pacing, back-off
// and failure count.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/net/outbox_sender.hpp"

namespace jiaxiao::net {

/// Thread: the io executor, like the senders it holds.
class OutboxLanes {
 public:
  /// A lane for each (platform, Sender); `options` are shared by all.
  OutboxLanes(asio::any_io_executor executor, DbWorker& worker, const core::Clock& clock, const OutboxOptions& options,
              const std::vector<std::pair<std::string, adapters::Sender*>>& senders);

  void start();
  /// New rows may be due in any lane.
  void wake();
  /// Stops every lane; `done` runs when the last has ended.
  void stop(std::function<void()> done);

  /// Every lane's problems, added up by platform.
  DeliveryCounters counters() const;
  /// Failed rounds by loop name ("outbox:onebot", …).
  std::map<std::string, std::uint64_t, std::less<>> failures() const;
  /// Since when each lane's rounds have been failing, by loop name (nullopt: not failing).
  std::vector<std::pair<std::string, std::optional<std::chrono::steady_clock::time_point>>> failing_since() const;

 private:
  std::vector<std::pair<std::string, std::unique_ptr<OutboxSender>>> lanes_;  // loop name, lane
};

}  // namespace jiaxiao::net
