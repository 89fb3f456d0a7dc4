#pragma once
// Students of a class and their guardians (many to many: a student may have several guardians, a
// guardian several students, also in other classes).

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::store {

struct Student {
  std::int64_t id = 0;
  std::int64_t class_id = 0;
  std::string name;
  std::optional<std::string> number;   // 学号
  bool is_new = false;                 // 新生
  std::vector<std::string> categories; // standing 关注类别
};

/// A guardian of a student, as the roster shows it.
struct Guardian {
  std::int64_t member_id = 0;
  std::string platform, user_id, name;  // the member
  std::string relation;
};

/// A student a member is guardian of, with the class name.
struct Ward {
  Student student;
  std::string class_name;
  std::string relation;
};

/// Repository of students and guardianship (one connection; no transactions of its own).
class Roster {
 public:
  explicit Roster(SQLite::Database& db) : db_(db) {}

  /// Students of a class, by 学号 (those without one last, by name).
  std::vector<Student> students(std::int64_t class_id);
  std::vector<Student> by_name(std::int64_t class_id, const std::string& name);
  std::optional<Student> by_number(std::int64_t class_id, const std::string& number);
  std::optional<Student> by_id(std::int64_t id);
  /// Adds a student; returns the id.
  std::int64_t add(const Student& student, std::int64_t now_ms);
  /// Updates name, 学号, 新生 and categories of an existing student (guardians are kept).
  void update(const Student& student, std::int64_t now_ms);

  std::vector<Guardian> guardians(std::int64_t student_id);
  /// Binds a member as guardian; binding again updates the relation. True if the binding is new.
  bool bind(std::int64_t member_id, std::int64_t student_id, const std::string& relation, std::int64_t now_ms);
  /// Removes a binding; false when there was none.
  bool unbind(std::int64_t member_id, std::int64_t student_id);
  /// The students a member is guardian of, in one class or (empty) in all.
  std::vector<Ward> wards(std::int64_t member_id, std::optional<std::int64_t> class_id = std::nullopt);
  /// Whether wards() would name anyone (one indexed lookup, nothing read or sorted).
  bool is_guardian(std::int64_t member_id, std::optional<std::int64_t> class_id = std::nullopt);

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
