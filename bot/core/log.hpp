#pragma once
// One line per event, `key=value`, to stderr (DESIGN rule 10). Ids and outcomes only above debug:
// message text and people's names may be logged at debug level and nowhere else.

#include <sstream>
#include <string>
#include <string_view>

namespace jiaxiao::core::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

/// Sets the lowest level written (default info). Thread-safe.
void set_level(Level level);
/// Parses "debug|info|warn|error"; false when unknown.
bool parse_level(std::string_view name, Level& level);
/// True when a line of this level would be written.
bool enabled(Level level);
/// Writes one complete line (already formatted) atomically. Thread-safe.
void write_line(Level level, std::string_view event, const std::string& fields);

namespace detail {
void append_value(std::string& out, std::string_view value);
inline void append_value(std::string& out, const char* value) { append_value(out, std::string_view(value)); }
inline void append_value(std::string& out, const std::string& value) { append_value(out, std::string_view(value)); }
inline void append_value(std::string& out, bool value) { out += value ? "true" : "false"; }
template <class T>
void append_value(std::string& out, const T& value) {
  std::ostringstream stream;
  stream << value;
  out += stream.str();
}
inline void append_fields(std::string&) {}
template <class V, class... Rest>
void append_fields(std::string& out, std::string_view key, const V& value, const Rest&... rest) {
  out += ' ';
  out += key;
  out += '=';
  append_value(out, value);
  append_fields(out, rest...);
}
template <class... Fields>
void emit(Level level, std::string_view event, const Fields&... fields) {
  if (!enabled(level)) return;
  std::string line;
  append_fields(line, fields...);
  write_line(level, event, line);
}
}  // namespace detail

/// log::info("request", "path", p, "status", 200) → `level=info event=request path=/onebot status=200`.
template <class... F> void debug(std::string_view event, const F&... f) { detail::emit(Level::debug, event, f...); }
template <class... F> void info(std::string_view event, const F&... f) { detail::emit(Level::info, event, f...); }
template <class... F> void warn(std::string_view event, const F&... f) { detail::emit(Level::warn, event, f...); }
template <class... F> void error(std::string_view event, const F&... f) { detail::emit(Level::error, event, f...); }

}  // namespace jiaxiao::core::log
