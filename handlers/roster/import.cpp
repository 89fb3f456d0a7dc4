#include "handlers/roster/import.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "bot/core/csv.hpp"
#include "bot/core/text.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::roster {

namespace {

std::string line_prefix(std::size_t line) { return "第 " + std::to_string(line) + " 行："; }

std::optional<bool> parse_yes_no(std::string_view text) {
  static const std::vector<std::string_view> yes = {"是", "Y", "y", "yes", "Yes", "YES", "1", "√", "新生"};
  static const std::vector<std::string_view> no = {"", "否", "N", "n", "no", "No", "NO", "0"};
  if (std::find(yes.begin(), yes.end(), text) != yes.end()) return true;
  if (std::find(no.begin(), no.end(), text) != no.end()) return false;
  return std::nullopt;
}

/// Splits a category cell on 、 , ; / and white space (normalise() already made ，； ASCII).
std::vector<std::string> split_category_cell(const std::string& cell) {
  std::string text;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell.compare(i, 3, "、") == 0) {
      text += ',';
      i += 2;
    } else if (cell[i] == ';' || cell[i] == '/' || cell[i] == ' ') {
      text += ',';
    } else {
      text += cell[i];
    }
  }
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Row {
  std::size_t line = 0;
  store::Student student;
};

}  // namespace

ImportReport import_roster(store::Database& db, const config::Settings& config, const store::ClassRow& klass,
                           std::string_view file_bytes, std::int64_t now_ms) {
  ImportReport report;
  auto text = core::decode_spreadsheet_text(file_bytes);
  if (!text) {
    report.errors.push_back(text.error());
    return report;
  }
  auto rows = core::parse_csv(text.value());
  if (!rows) {
    report.errors.push_back(rows.error());
    return report;
  }
  if (rows->empty()) {
    report.errors.push_back("文件是空的：第一行应是表头 姓名,学号,新生,关注类别");
    return report;
  }

  // Columns by header name, in any order.
  std::map<std::string, std::size_t> column;
  const auto& header = rows->front();
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const std::string name = core::normalise(header.cells[i]);
    if (name == "姓名" || name == "学号" || name == "新生" || name == "关注类别") column[name] = i;
    else if (!name.empty()) report.ignored_columns.push_back(name);
  }
  if (!column.contains("姓名")) {
    report.errors.push_back(line_prefix(header.line) + "表头没有“姓名”列（应为 姓名,学号,新生,关注类别）");
    return report;
  }
  auto cell = [&](const core::CsvRow& row, const char* name) -> std::string {
    auto it = column.find(name);
    if (it == column.end() || it->second >= row.cells.size()) return "";
    return core::normalise(row.cells[it->second]);
  };

  // Validate every row first.
  std::vector<Row> parsed;
  std::map<std::string, std::size_t> number_line, name_line;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    Row out{row.line, {}};
    out.student.class_id = klass.id;
    out.student.name = cell(row, "姓名");
    const std::string number = cell(row, "学号");
    const std::string fresh = cell(row, "新生");
    const std::string categories = cell(row, "关注类别");
    const std::string at = line_prefix(row.line);
    if (out.student.name.empty()) {
      report.errors.push_back(at + "姓名为空");
      continue;
    }
    if (!number.empty()) {
      out.student.number = number;
      if (auto seen = number_line.find(number); seen != number_line.end())
        report.errors.push_back(at + "学号 " + number + " 与第 " + std::to_string(seen->second) + " 行重复");
      else
        number_line[number] = row.line;
    } else if (auto seen = name_line.find(out.student.name); seen != name_line.end()) {
      report.errors.push_back(at + "姓名“" + out.student.name + "”与第 " + std::to_string(seen->second) +
                              " 行相同，同名学生请填写学号以区分");
    }
    name_line.emplace(out.student.name, row.line);
    if (auto is_new = parse_yes_no(fresh)) out.student.is_new = *is_new;
    else report.errors.push_back(at + "“新生”一栏应填 是 或 否，而不是“" + fresh + "”");
    for (const auto& category : split_category_cell(categories)) {
      const auto& known = config.visit.categories;
      if (std::find(known.begin(), known.end(), category) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : "、") + k;
        report.errors.push_back(at + "关注类别“" + category + "”不在可选类别中（" + list + "）");
      } else if (std::find(out.student.categories.begin(), out.student.categories.end(), category) ==
                 out.student.categories.end()) {
        out.student.categories.push_back(category);
      }
    }
    parsed.push_back(std::move(out));
  }
  if (parsed.empty() && report.errors.empty()) report.errors.push_back("文件里除表头外没有学生");
  if (!report.errors.empty()) return report;

  // Match each row to a stored student: by 学号, else by a unique name.
  store::Roster roster(db.sql());
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  std::vector<std::int64_t> matched;
  for (auto& row : parsed) {
    std::optional<store::Student> existing;
    if (row.student.number) existing = roster.by_number(klass.id, *row.student.number);
    if (!existing) {
      auto same_name = roster.by_name(klass.id, row.student.name);
      // Only a student without a 学号 (or with the same one) can be the one this row means.
      std::erase_if(same_name, [&](const store::Student& s) { return s.number && s.number != row.student.number; });
      if (same_name.size() > 1) {
        report.errors.push_back(line_prefix(row.line) + "班里已有多位“" + row.student.name + "”，请填写学号");
        continue;
      }
      if (same_name.size() == 1) existing = same_name.front();
    }
    if (!existing) {
      matched.push_back(roster.add(row.student, now_ms));
      ++report.added;
      continue;
    }
    row.student.id = existing->id;
    matched.push_back(existing->id);
    const bool same = existing->name == row.student.name && existing->number == row.student.number &&
                      existing->is_new == row.student.is_new && existing->categories == row.student.categories;
    if (same) {
      ++report.unchanged;
    } else {
      roster.update(row.student, now_ms);
      ++report.updated;
    }
  }
  if (!report.errors.empty()) {
    report.added = report.updated = report.unchanged = 0;
    return report;  // the transaction rolls back
  }
  for (const auto& student : roster.students(klass.id)) {
    if (std::find(matched.begin(), matched.end(), student.id) == matched.end())
      report.not_in_file.push_back(student.name);
  }
  transaction.commit();
  return report;
}

}  // namespace jiaxiao::handlers::roster
