// Statements reused per connection: the same SQL is prepared once, comes back reset and unbound, and a
// nested use of the same SQL (a helper called while a result is being read) gets a statement of its own.
#include "store/statement.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {
namespace {

TEST(Statement, TheSameSqlIsPreparedOnceAndComesBackResetAndUnbound) {
  testing::TempDir dir;
  Database db(dir.file("s.db"));
  db.sql().exec("CREATE TABLE t (v INTEGER)");
  const std::string insert = "INSERT INTO t (v) VALUES (?)";
  sqlite3_stmt* first_handle = nullptr;
  {
    Statement st(db.sql(), insert);
    first_handle = sqlite3_next_stmt(db.sql().getHandle(), nullptr);  // the connection's only statement
    ASSERT_NE(first_handle, nullptr);
    st.bind(1, 7);
    EXPECT_EQ(st.exec(), 1);
  }
  {
    Statement st(db.sql(), insert);
    // No value bound this time: the earlier 7 was cleared, so NULL goes in.
    EXPECT_EQ(st.exec(), 1);
    EXPECT_EQ(sqlite3_next_stmt(db.sql().getHandle(), nullptr), first_handle);  // still the one statement
  }
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM t WHERE v IS NULL").getInt(), 1);
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM t WHERE v = 7").getInt(), 1);
}

TEST(Statement, ANestedUseOfTheSameSqlGetsItsOwnStatement) {
  testing::TempDir dir;
  Database db(dir.file("s.db"));
  db.sql().exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  const std::string select = "SELECT v FROM t WHERE v >= ? ORDER BY v";
  int outer_rows = 0, inner_rows = 0;
  Statement outer(db.sql(), select);
  outer.bind(1, 1);
  while (outer.executeStep()) {
    ++outer_rows;
    Statement inner(db.sql(), select);  // same SQL while the outer result is open
    inner.bind(1, outer.getColumn(0).getInt());
    while (inner.executeStep()) ++inner_rows;
  }
  EXPECT_EQ(outer_rows, 3);
  EXPECT_EQ(inner_rows, 3 + 2 + 1);
}

TEST(Statement, AConnectionWithoutACachePreparesForEachUse) {
  testing::TempDir dir;
  SQLite::Database raw(dir.file("raw.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  raw.exec("CREATE TABLE t (v INTEGER)");
  {
    Statement st(raw, "INSERT INTO t (v) VALUES (1)");
    EXPECT_EQ(st.exec(), 1);
  }
  EXPECT_EQ(sqlite3_next_stmt(raw.getHandle(), nullptr), nullptr);  // nothing kept: the connection closes cleanly
}

}  // namespace
}  // namespace jiaxiao::store
