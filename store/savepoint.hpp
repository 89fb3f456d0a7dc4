#pragma once
// A SAVEPOINT inside the caller's transaction, undone unless released: one message's or one slice's
// writes can fail alone. Written here because Debian's SQLiteCpp 3.2.1 Savepoint::rollback() leaves the
// savepoint open. Its three statements are cached on the connection (store/statement.hpp).

#include <SQLiteCpp/Database.h>

namespace jiaxiao::store {

/// Thread: the connection's. Nests: every savepoint has the same name, and SQLite releases or rolls
/// back to the innermost one of a name.
class Savepoint {
 public:
  /// Opens the savepoint; throws SQLite::Exception when the database fails.
  explicit Savepoint(SQLite::Database& db);
  /// Rolls back what was written since it opened, unless released or rolled back already; never throws.
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  /// Keeps the writes (they commit with the enclosing transaction).
  void release();
  /// Undoes the writes since the savepoint opened and closes it.
  void rollback();

 private:
  SQLite::Database& db_;
  bool open_ = true;
};

}  // namespace jiaxiao::store
