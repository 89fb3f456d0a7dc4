#include "handlers/notice/letter.hpp"

#include <algorithm>

#include "bot/core/text.hpp"
#include "handlers/registry.hpp"

namespace jiaxiao::handlers::notice {

namespace {
bool is_option_line(std::string_view line) {
  line = core::trim(line);
  if (line.starts_with("截止:") || line.starts_with("模板:")) return true;
  const auto eq = line.find('=');
  return eq != std::string_view::npos && eq > 0 && line.substr(0, eq).find(' ') == std::string_view::npos;
}

/// Options anywhere on a line: 截止:<time> (read by the time reader), 模板:<name>, 键=值; the rest of
/// the first line is the title.
void read_options(std::string_view line, bool first, LetterRequest& req, std::int64_t now, const std::string& zone) {
  line = core::trim(line);
  // A line that is one 键=值 keeps spaces in its value ("开学日期=2月17日 上午8点").
  if (!first && !line.starts_with("截止:") && !line.starts_with("模板:") &&
      std::count(line.begin(), line.end(), '=') == 1) {
    const auto eq = line.find('=');
    req.values[std::string(core::trim(line.substr(0, eq)))] = std::string(core::trim(line.substr(eq + 1)));
    return;
  }
  std::vector<std::string> title_words;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos >= line.size()) break;
    const std::string_view rest = line.substr(pos);
    if (rest.starts_with("截止:")) {
      const std::string_view when = rest.substr(std::string_view("截止:").size());
      auto time = core::read_time_prefix(when, now, zone, core::TimeUse::deadline);
      if (!time) {
        req.error = "截止时间：" + time.error();
        return;
      }
      req.deadline = time->reading;
      pos += std::string_view("截止:").size() + time->consumed;
      continue;
    }
    std::size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    const std::string word(line.substr(pos, end - pos));
    pos = end;
    if (word.starts_with("模板:")) {
      req.template_name = word.substr(std::string_view("模板:").size());
    } else if (auto eq = word.find('='); eq != std::string::npos && eq > 0) {
      req.values[word.substr(0, eq)] = word.substr(eq + 1);
    } else if (first) {
      title_words.push_back(word);
    } else {
      req.error = "看不懂" + quote_input(word);
      return;
    }
  }
  if (first) req.title = core::join(title_words, " ");
}

}  // namespace

LetterRequest read_letter(const std::string& args, const std::string& raw_args, std::int64_t now, const std::string& zone) {
  LetterRequest req;
  const auto lines = core::lines_of(args);
  auto raw_lines = core::lines_of(raw_args);
  if (raw_lines.size() != lines.size()) raw_lines = lines;  // cannot align: fall back to the normalised text
  bool first = true;
  bool in_body = false;
  for (std::size_t i = 0; i < lines.size() && req.error.empty(); ++i) {
    const std::string& line = lines[i];
    if (first) {
      read_options(line, true, req, now, zone);
    } else if (!in_body && is_option_line(line)) {
      read_options(line, false, req, now, zone);
    } else if (!in_body && core::trim(line).empty()) {
      // blank lines before the body
    } else {
      in_body = true;
      req.body.push_back(raw_lines[i]);
    }
    first = false;
  }
  while (!req.body.empty() && core::trim(req.body.back()).empty()) req.body.pop_back();
  return req;
}

}  // namespace jiaxiao::handlers::notice
