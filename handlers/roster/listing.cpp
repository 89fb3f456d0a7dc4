#include "handlers/roster/listing.hpp"

#include <algorithm>

#include "store/roster.hpp"

namespace jiaxiao::handlers::roster {

std::string roster_text(store::Database& db, const store::ClassRow& klass) {
  store::Roster roster(db.sql());
  const auto students = roster.students(klass.id);
  if (students.empty()) {
    return klass.name + "还没有学生名单。请学校管理员导入：jiaxiao roster import 名单.csv --class " + klass.name;
  }
  std::string lines;
  std::string unbound;
  std::size_t bound = 0, unbound_count = 0;
  for (std::size_t i = 0; i < students.size(); ++i) {
    const auto& s = students[i];
    lines += "\n" + std::to_string(i + 1) + ". " + s.name;
    if (s.number) lines += "（" + *s.number + "）";
    const auto guardians = roster.guardians(s.id);
    if (guardians.empty()) {
      lines += "：未绑定";
      // Two students of one name are told apart by 学号.
      const bool shared_name = std::count_if(students.begin(), students.end(),
                                             [&](const store::Student& o) { return o.name == s.name; }) > 1;
      unbound += (unbound.empty() ? "" : "、") + s.name + (shared_name && s.number ? "（" + *s.number + "）" : "");
      ++unbound_count;
      continue;
    }
    ++bound;
    lines += "：";
    for (std::size_t g = 0; g < guardians.size(); ++g) {
      const auto& guardian = guardians[g];
      lines += (g ? "、" : "") + guardian.relation + " " + (guardian.name.empty() ? guardian.user_id : guardian.name);
    }
  }
  std::string text = klass.name + "名单：学生 " + std::to_string(students.size()) + " 人，已有家长绑定 " +
                     std::to_string(bound) + " 人" + lines;
  if (unbound_count > 0) text += "\n尚未绑定（" + std::to_string(unbound_count) + " 人）：" + unbound;
  return text;
}

}  // namespace jiaxiao::handlers::roster
