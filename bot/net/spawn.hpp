#pragma once
// Every co_spawn gets a completion handler that logs (shared/DESIGN.md rule 2): written once here.

#include <exception>
#include <string>
#include <string_view>

#include "bot/core/log.hpp"

namespace jiaxiao::net {

/// Logs the exception in `failure` (if any) as `event`, with `fields` (key, value, …) and its message;
/// never throws.
template <class... F>
void log_failure(std::string_view event, std::exception_ptr failure, const F&... fields) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    core::log::error(event, fields..., "error", e.what());
  } catch (...) {
    core::log::error(event, fields..., "error", "unknown exception");
  }
}

/// A co_spawn completion handler that logs a failure as `event`.
inline auto logged(std::string event) {
  return [event = std::move(event)](std::exception_ptr failure) { log_failure(event, failure); };
}

}  // namespace jiaxiao::net
