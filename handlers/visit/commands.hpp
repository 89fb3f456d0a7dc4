#pragma once
// 家访: visit plans, the visit register and coverage statistics — private chats only; teachers see
// their own classes, admins all (SPEC §2; docs/visits.md).

#include <map>

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::visit {

/// "目的:… 问题:…" (inline or one per line; ":" or "："): the text before the first field, and the fields.
struct VisitFields {
  std::string head;
  std::map<std::string, std::string> fields;
};
VisitFields read_fields(std::string_view raw_text);

/// A period of the school calendar: [from_ms, to_ms) and its label.
struct Period {
  std::string label;
  std::int64_t from_ms = 0, to_ms = 0;
};
/// The term containing `now_ms` (or the last one begun), or the school year (`year`), from config terms.
Period current_period(const config::Settings& config, std::int64_t now_ms, bool year);

/// Every configured term of the current school year, in order (labels with their dates).
std::vector<Period> school_year_terms(const config::Settings& config, std::int64_t now_ms);

/// Coverage of one class over a period (SPEC §2 /家访统计, the statistics table of §5).
struct Coverage {
  std::size_t students = 0, visited = 0, in_home = 0, new_students = 0, new_visited = 0;
  std::map<std::string, int> by_form, by_category;
  std::vector<std::string> new_unvisited, must_visit_unvisited;
};
Coverage coverage(store::Database& db, const config::Settings& config, std::int64_t class_id, const Period& period);

/// Registers /家访计划 /家访 /家访记录 /家访统计 and the visit reminder kind.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::visit
