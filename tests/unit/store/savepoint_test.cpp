// The SAVEPOINT guard: writes kept when released, undone (and the savepoint closed) otherwise, nested.
#include "store/savepoint.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {
namespace {

struct SavepointTest : ::testing::Test {
  testing::TempDir dir;
  Database db{dir.file("j.db")};
  SavepointTest() { db.sql().exec("CREATE TABLE t (v INTEGER)"); }
  void put(int v) { db.sql().exec("INSERT INTO t VALUES (" + std::to_string(v) + ")"); }
  int count() { return db.sql().execAndGet("SELECT count(*) FROM t").getInt(); }
};

TEST_F(SavepointTest, ReleasedWritesStayAndRolledBackOnesGoAndTheTransactionGoesOn) {
  SQLite::Transaction transaction(db.sql());
  {
    Savepoint kept(db.sql());
    put(1);
    kept.release();
  }
  {
    Savepoint undone(db.sql());
    put(2);
    undone.rollback();
  }
  {
    Savepoint forgotten(db.sql());  // neither: undone when it goes out of scope
    put(3);
  }
  put(4);  // the transaction is still usable: no savepoint was left open
  transaction.commit();
  EXPECT_EQ(count(), 2);
  EXPECT_EQ(db.sql().execAndGet("SELECT group_concat(v) FROM t").getString(), "1,4");
}

TEST_F(SavepointTest, AnInnerRollbackUndoesOnlyTheInnerWrites) {
  SQLite::Transaction transaction(db.sql());
  Savepoint outer(db.sql());
  put(1);
  {
    Savepoint inner(db.sql());
    put(2);
    inner.rollback();
  }
  outer.release();
  transaction.commit();
  EXPECT_EQ(count(), 1);
}

}  // namespace
}  // namespace jiaxiao::store
