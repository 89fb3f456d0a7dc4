#include "store/savepoint.hpp"

#include "store/statement.hpp"

namespace jiaxiao::store {

Savepoint::Savepoint(SQLite::Database& db) : db_(db) { Statement(db_, "SAVEPOINT jiaxiao").exec(); }

Savepoint::~Savepoint() {
  if (!open_) return;
  try {
    rollback();
  } catch (...) {
    // The connection is failing; the enclosing transaction's own rollback undoes the writes.
  }
}

void Savepoint::release() {
  Statement(db_, "RELEASE jiaxiao").exec();
  open_ = false;
}

void Savepoint::rollback() {
  open_ = false;
  // ROLLBACK TO undoes the writes but leaves the savepoint open; RELEASE closes it.
  Statement(db_, "ROLLBACK TO jiaxiao").exec();
  Statement(db_, "RELEASE jiaxiao").exec();
}

}  // namespace jiaxiao::store
