#include "bot/app/health.hpp"

namespace jiaxiao::app {

std::optional<std::string> health_problem(bool database_writable, const std::vector<LoopHealth>& loops,
                                          std::chrono::steady_clock::time_point now, std::chrono::seconds grace) {
  std::string problems;
  if (!database_writable) problems = "database cannot be written";
  for (const auto& loop : loops) {
    if (!loop.failing_since) continue;
    const auto failing = std::chrono::duration_cast<std::chrono::seconds>(now - *loop.failing_since);
    if (failing <= grace) continue;
    problems += (problems.empty() ? "" : "; ") + std::string("loop ") + loop.name + " failing for " +
                std::to_string(failing.count()) + " s";
  }
  if (problems.empty()) return std::nullopt;
  return problems;
}

}  // namespace jiaxiao::app
