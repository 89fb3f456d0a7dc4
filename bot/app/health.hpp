#pragma once
// What GET /healthz says (SPEC §4): 200 "ok" when the database can be written and every loop runs; 503
// with the reason while the database cannot be written or a loop has been failing for over a minute.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::app {

/// A long-lived loop as /healthz sees it.
struct LoopHealth {
  std::string name;
  std::optional<std::chrono::steady_clock::time_point> failing_since;  // nullopt: its last round succeeded
};

/// The reason to answer 503 ("database cannot be written", "loop outbox failing for 75 s"), or nullopt
/// when healthy. A loop failing for `grace` or less is not yet a problem (one bad round is retried).
std::optional<std::string> health_problem(bool database_writable, const std::vector<LoopHealth>& loops,
                                          std::chrono::steady_clock::time_point now,
                                          std::chrono::seconds grace = std::chrono::seconds(60));

}  // namespace jiaxiao::app
