#pragma once
// `jiaxiao roster import FILE.csv --class C`: a class list as schools keep it in Excel or WPS.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"

namespace jiaxiao::handlers::roster {

/// What an import did, or why it did nothing.
struct ImportReport {
  int added = 0, updated = 0, unchanged = 0;
  std::vector<std::string> errors;           // "第 3 行：…" — any error means nothing was imported
  std::vector<std::string> ignored_columns;  // headers other than 姓名, 学号, 新生, 关注类别
  std::vector<std::string> not_in_file;      // students of the class the file does not list (kept)
};

/// Reads the file (UTF-8 with or without BOM, or GBK), header `姓名,学号,新生,关注类别` (only 姓名 is
/// required; columns in any order), validates every row, then adds or updates the class's students in
/// one transaction: a row matches a student by 学号, else by a unique name. Guardians are kept.
/// With any error nothing is written. Throws only on database failure.
ImportReport import_roster(store::Database& db, const config::Settings& config, const store::ClassRow& klass,
                           std::string_view file_bytes, std::int64_t now_ms);

}  // namespace jiaxiao::handlers::roster
