#include "bot/core/command.hpp"

#include <cctype>
#include <charconv>

#include "bot/core/text.hpp"

namespace jiaxiao::core {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
}  // namespace

std::optional<ParsedCommand> parse_command(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.front() != '/') return std::nullopt;
  text.remove_prefix(1);
  std::size_t end = 0;
  while (end < text.size() && !is_space(text[end])) ++end;
  if (end == 0) return std::nullopt;
  ParsedCommand command;
  command.name = std::string(text.substr(0, end));
  command.args = std::string(trim(text.substr(end)));
  command.argv = split_args(command.args);
  return command;
}

std::string raw_arguments(std::string_view raw_text) {
  std::string text;
  for (std::size_t i = 0; i < raw_text.size(); ++i) {
    if (raw_text[i] == '\r') {
      if (i + 1 >= raw_text.size() || raw_text[i + 1] != '\n') text += '\n';
      continue;
    }
    text += raw_text[i];
  }
  std::string_view view = trim(text);
  // The first word ends at ASCII white space or an ideographic space (U+3000).
  std::size_t end = 0;
  while (end < view.size() && !is_space(view[end]) && view.substr(end, 3) != "\xE3\x80\x80") ++end;
  view.remove_prefix(end);
  if (view.substr(0, 3) == "\xE3\x80\x80") view.remove_prefix(3);
  return std::string(trim(view));
}

std::vector<std::string> split_args(std::string_view args) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  bool quoted = false;
  for (char c : args) {
    if (c == '"') {
      quoted = !quoted;
      in_word = true;  // "" is an (empty) word of its own
    } else if (is_space(c) && !quoted) {
      if (in_word) words.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      current.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(current));
  return words;
}

namespace {
/// The first "#digits" naming a positive number: its value, where it starts and how long it is.
struct ThreadTag {
  long long number;
  std::size_t pos;
  std::size_t length;
};
std::optional<ThreadTag> find_thread_tag(std::string_view text) {
  for (std::size_t pos = text.find('#'); pos != std::string_view::npos; pos = text.find('#', pos + 1)) {
    const std::size_t start = pos + 1;
    std::size_t end = start;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
    if (end == start || end - start > 15) continue;
    long long value = 0;
    std::from_chars(text.data() + start, text.data() + end, value);
    if (value > 0) return ThreadTag{value, pos, end - pos};
  }
  return std::nullopt;
}
}  // namespace

std::optional<long long> find_thread_reference(std::string_view text) {
  if (auto tag = find_thread_tag(text)) return tag->number;
  return std::nullopt;
}

std::string without_thread_reference(std::string_view text) {
  std::string out(text);
  if (auto tag = find_thread_tag(text)) out.erase(tag->pos, tag->length);
  return out;
}

}  // namespace jiaxiao::core
