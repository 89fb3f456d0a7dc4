#pragma once
// Letter templates (templates/zh_CN/*.mustache): loaded and validated at start, rendered with kainjow
// mustache with HTML escaping turned off (chat text is not HTML). A `{{变量}}` used outside a section is
// required; one that names a section (`{{#变量}}…{{/变量}}`) is optional.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/result.hpp"
#include "config/config.hpp"

namespace jiaxiao::handlers::notice {

struct LetterTemplate {
  std::string name;         // the file name without .mustache, e.g. 寒假安全
  std::string description;  // the template's first {{! comment }}
  std::vector<std::string> required, optional;
  std::string source;
};

/// The variables every letter gets without being asked: 学校, 班级, 日期, 截止.
const std::vector<std::string>& builtin_variables();

/// All templates of one folder. Immutable after load; safe to share.
class TemplateLibrary {
 public:
  /// Loads every *.mustache; throws std::runtime_error naming the file when one does not parse or
  /// does not render.
  static TemplateLibrary load(const std::string& folder);

  const LetterTemplate* find(std::string_view name) const;
  const std::vector<LetterTemplate>& all() const { return templates_; }
  /// Renders with the given values (built-ins included by the caller); a missing required variable is
  /// an error naming it.
  core::Parsed<std::string> render(const LetterTemplate& letter, const std::map<std::string, std::string>& values) const;

 private:
  std::vector<LetterTemplate> templates_;
};

/// The folder to load: config `templates_dir` when set; else templates/zh_CN under the working
/// directory; else the source tree's (a build run from anywhere).
std::string templates_folder(const config::Settings& config);

}  // namespace jiaxiao::handlers::notice
