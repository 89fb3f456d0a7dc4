#pragma once
// Reading a /告家长书 command: the title and options of its first lines (截止:, 模板:, 键=值) and the
// letter's body as the teacher wrote it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/time_expr.hpp"

namespace jiaxiao::handlers::notice {

/// What a /告家长书 command asks for; `error` is the reason when it cannot be read.
struct LetterRequest {
  std::string title;
  std::optional<core::TimeReading> deadline;
  std::string template_name;
  std::map<std::string, std::string> values;
  std::vector<std::string> body;
  std::string error;
};

/// `args` is normalised (for options); the body is taken from `raw_args`, line by line, so the letter
/// keeps the teacher's Chinese punctuation. Never throws.
LetterRequest read_letter(const std::string& args, const std::string& raw_args, std::int64_t now, const std::string& zone);

}  // namespace jiaxiao::handlers::notice
