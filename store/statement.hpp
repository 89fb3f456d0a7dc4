#pragma once
// Prepared statements reused per connection. Compiling SQL is most of the CPU a webhook costs (perf in
// bench/README.md), so a connection opened by store::Database keeps each statement it has prepared and
// resets it after each use. Other connections prepare for each use, as SQLiteCpp does.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jiaxiao::store {

/// One use of a prepared statement: the connection's cached one (reset and unbound when this ends), or,
/// when that is already in use further up the stack or the connection keeps no cache, a fresh one.
/// Same calls as SQLite::Statement; converts to it for helpers that read rows. Thread: the connection's.
class Statement {
 public:
  /// `sql` is looked up without a copy: a literal costs no allocation on the cached path.
  Statement(SQLite::Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  template <class... Args>
  void bind(Args&&... args) {
    statement_->bind(std::forward<Args>(args)...);
  }
  bool executeStep() { return statement_->executeStep(); }
  int exec() { return statement_->exec(); }
  SQLite::Column getColumn(int index) const { return statement_->getColumn(index); }
  bool isColumnNull(int index) const { return statement_->isColumnNull(index); }
  operator SQLite::Statement&() { return *statement_; }

  /// Starts keeping statements for `db` (store::Database does, right after opening it).
  static void enable_cache(SQLite::Database& db);
  /// Finalizes and forgets `db`'s statements; call before the connection closes.
  static void drop_cache(SQLite::Database& db);

 private:
  SQLite::Statement* statement_ = nullptr;
  std::optional<SQLite::Statement> own_;
  bool* in_use_ = nullptr;  // the cached statement's flag, while this use holds it
};

/// A nullable integer column.
inline std::optional<std::int64_t> optional_int(SQLite::Statement& st, int column) {
  if (st.getColumn(column).isNull()) return std::nullopt;
  return st.getColumn(column).getInt64();
}

}  // namespace jiaxiao::store
