#include "handlers/reading.hpp"

#include <algorithm>

#include "bot/core/text.hpp"
#include "store/messages.hpp"

namespace jiaxiao::handlers {

std::optional<std::int64_t> quoted_thread(store::Database& db, const core::IncomingMessage& message) {
  if (message.reply_to) {
    if (auto thread = store::Messages(db.sql()).thread_of_sent(message.chat.platform, *message.reply_to)) return thread;
  }
  return message.quoted_thread;
}

bool is_bare_one(std::string_view text) {
  text = core::trim(text);
  return text == "1" || text == "扣1" || text == "扣个1";
}

core::Parsed<std::optional<core::TimeReading>> take_deadline(std::string& text, std::int64_t now_ms,
                                                             const std::string& zone) {
  constexpr std::string_view tag = "截止:";
  const auto at = text.find(tag);
  if (at == std::string::npos) return std::optional<core::TimeReading>{};
  const std::size_t start = at + tag.size();
  auto time = core::read_time_prefix(std::string_view(text).substr(start), now_ms, zone, core::TimeUse::deadline);
  if (!time) return core::ParseError{"截止时间：" + time.error()};
  text.erase(at, start - at + time->consumed);
  return std::optional<core::TimeReading>{time->reading};
}

std::vector<std::string> student_names(const std::vector<store::Student>& students,
                                       const std::vector<store::Student>& all) {
  std::vector<std::string> names;
  for (const auto& s : students) {
    const auto same = std::count_if(all.begin(), all.end(), [&](const store::Student& o) { return o.name == s.name; });
    names.push_back(s.name + (same > 1 && s.number ? "（" + *s.number + "）" : ""));
  }
  return names;
}

}  // namespace jiaxiao::handlers
