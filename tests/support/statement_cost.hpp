#pragma once
// How much work the statements on a connection did, read from SQLite's own counters when each one
// finishes: tests use it to show that a lookup goes through an index rather than reading every row,
// without timing anything.

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <algorithm>

namespace jiaxiao::testing {

/// While it lives, records the most virtual-machine steps and full-scan steps any one statement on
/// `db` took (SQLITE_STMTSTATUS_VM_STEP, SQLITE_STMTSTATUS_FULLSCAN_STEP).
class StatementCost {
 public:
  explicit StatementCost(SQLite::Database& db) : handle_(db.getHandle()) {
    sqlite3_trace_v2(handle_, SQLITE_TRACE_PROFILE, &StatementCost::on_done, this);
  }
  ~StatementCost() { sqlite3_trace_v2(handle_, 0, nullptr, nullptr); }
  StatementCost(const StatementCost&) = delete;
  StatementCost& operator=(const StatementCost&) = delete;

  int most_steps = 0;       // rows and index entries visited, and the work on them
  int most_scan_steps = 0;  // rows stepped through in full table scans

 private:
  static int on_done(unsigned, void* self, void* statement, void*) {
    auto* cost = static_cast<StatementCost*>(self);
    auto* st = static_cast<sqlite3_stmt*>(statement);
    cost->most_steps = std::max(cost->most_steps, sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1));
    cost->most_scan_steps = std::max(cost->most_scan_steps, sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1));
    return 0;
  }
  sqlite3* handle_;
};

}  // namespace jiaxiao::testing
