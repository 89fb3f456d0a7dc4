#pragma once
// The home-visit register (家访): plans (time, purpose, problem, content fixed beforehand) and records
// (form, categories, situation, content, the parents' opinion, next steps).

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct VisitRow {
  std::int64_t id = 0, class_id = 0, student_id = 0, teacher_id = 0;
  bool planned = false;
  std::int64_t at = 0;  // the planned time, or the visit's date
  std::optional<std::string> form;
  std::vector<std::string> categories;
  std::string purpose, problem, situation, content, opinion, next_steps;
  std::optional<std::int64_t> plan_id;  // the plan a record fulfils
};

/// Repository of visits (one connection; no transactions of its own).
class Visits {
 public:
  explicit Visits(SQLite::Database& db) : db_(db) {}
  std::int64_t add(const VisitRow& visit, std::int64_t now_ms);
  std::optional<VisitRow> find(std::int64_t id);
  /// The student's newest plan that no record fulfils yet.
  std::optional<VisitRow> open_plan(std::int64_t student_id);
  /// A student's plans and records, oldest first.
  std::vector<VisitRow> of_student(std::int64_t student_id);
  /// Records (not plans) of a class with `at` in [from_ms, to_ms).
  std::vector<VisitRow> records(std::int64_t class_id, std::int64_t from_ms, std::int64_t to_ms);
  /// Every plan and record, oldest first, in one class or (empty) all.
  std::vector<VisitRow> all(std::optional<std::int64_t> class_id);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
