#include "bot/core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace jiaxiao::core::log {

namespace {
std::atomic<int> current_level{static_cast<int>(Level::info)};
std::mutex write_mutex;
constexpr std::string_view names[] = {"debug", "info", "warn", "error"};
}  // namespace

void set_level(Level level) { current_level = static_cast<int>(level); }

bool parse_level(std::string_view name, Level& level) {
  for (int i = 0; i < 4; ++i) {
    if (names[i] == name) {
      level = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

bool enabled(Level level) { return static_cast<int>(level) >= current_level.load(); }

void write_line(Level level, std::string_view event, const std::string& fields) {
  std::string line = "level=";
  line += names[static_cast<int>(level)];
  line += " event=";
  line += event;
  line += fields;
  line += '\n';
  std::lock_guard lock(write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

namespace detail {
void append_value(std::string& out, std::string_view value) {
  const bool needs_quotes = value.empty() || value.find_first_of(" \"=\n\t") != std::string_view::npos;
  if (!needs_quotes) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += '"';
}
}  // namespace detail

}  // namespace jiaxiao::core::log
