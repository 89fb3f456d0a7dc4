#include "handlers/notice/templates.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "bot/core/text.hpp"

namespace jiaxiao::handlers::notice {

namespace mustache = kainjow::mustache;

const std::vector<std::string>& builtin_variables() {
  static const std::vector<std::string> names = {"学校", "班级", "日期", "截止"};
  return names;
}

namespace {

bool is_builtin(const std::string& name) {
  const auto& b = builtin_variables();
  return std::find(b.begin(), b.end(), name) != b.end();
}

/// Reads the tags of a template: its description, its variables and its sections.
void scan_tags(LetterTemplate& t) {
  std::set<std::string> variables, sections;
  std::vector<std::string> order;
  const std::string& s = t.source;
  for (std::size_t open = s.find("{{"); open != std::string::npos; open = s.find("{{", open + 2)) {
    const std::size_t close = s.find("}}", open + 2);
    if (close == std::string::npos) break;
    std::string tag(core::trim(std::string_view(s).substr(open + 2, close - open - 2)));
    if (tag.empty()) continue;
    const char kind = tag.front();
    if (kind == '!') {
      if (t.description.empty()) t.description = std::string(core::trim(std::string_view(tag).substr(1)));
      continue;
    }
    if (kind == '/' || kind == '>' || kind == '=') continue;
    std::string name = tag;
    if (kind == '#' || kind == '^' || kind == '&' || kind == '{') name = std::string(core::trim(std::string_view(tag).substr(1)));
    if (name.empty() || is_builtin(name)) continue;
    if (kind == '#' || kind == '^') sections.insert(name);
    else variables.insert(name);
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  for (const auto& name : order) {
    if (sections.contains(name)) t.optional.push_back(name);
    else if (variables.contains(name)) t.required.push_back(name);
  }
}

}  // namespace

TemplateLibrary TemplateLibrary::load(const std::string& folder) {
  TemplateLibrary library;
  if (!std::filesystem::is_directory(folder)) throw std::runtime_error("templates: folder " + folder + " not found");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".mustache") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    LetterTemplate t;
    t.name = path.stem().string();
    t.source = content.str();
    mustache::mustache parsed(t.source);
    if (!parsed.is_valid()) throw std::runtime_error("templates: " + path.string() + ": " + parsed.error_message());
    scan_tags(t);
    // Every template must render with all its variables given.
    std::map<std::string, std::string> sample;
    for (const auto& name : builtin_variables()) sample[name] = "x";
    for (const auto& name : t.required) sample[name] = "x";
    for (const auto& name : t.optional) sample[name] = "x";
    library.templates_.push_back(t);
    if (!library.render(library.templates_.back(), sample))
      throw std::runtime_error("templates: " + path.string() + " does not render");
  }
  if (library.templates_.empty()) throw std::runtime_error("templates: no *.mustache in " + folder);
  return library;
}

const LetterTemplate* TemplateLibrary::find(std::string_view name) const {
  for (const auto& t : templates_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

core::Parsed<std::string> TemplateLibrary::render(const LetterTemplate& letter,
                                                  const std::map<std::string, std::string>& values) const {
  std::vector<std::string> missing;
  for (const auto& name : letter.required) {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) missing.push_back(name);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : "、") + m;
    return core::ParseError{"模板“" + letter.name + "”还需要：" + list + "（写成 " + missing.front() + "=…）"};
  }
  mustache::mustache parsed(letter.source);
  parsed.set_custom_escape([](const std::string& text) { return text; });  // chat text, not HTML
  mustache::data data;
  for (const auto& [key, value] : values) data.set(key, value);
  std::string out = parsed.render(data);
  if (!parsed.is_valid()) return core::ParseError{"模板“" + letter.name + "”出错：" + parsed.error_message()};
  return std::string(core::trim(out));
}

std::string templates_folder(const config::Settings& config) {
  if (!config.templates_dir.empty()) return config.templates_dir;
  if (std::filesystem::is_directory("templates/zh_CN")) return "templates/zh_CN";
  return JIAXIAO_TEMPLATES_DIR;
}

}  // namespace jiaxiao::handlers::notice
