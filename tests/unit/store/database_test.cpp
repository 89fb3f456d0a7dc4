#include "store/database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store/migrations.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {

TEST(Database, AppliesEveryMigrationOnFirstOpen) {
  testing::TempDir dir;
  Database db(dir.file("j.db"));
  EXPECT_EQ(db.schema_version(), static_cast<int>(migrations().size()));
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'outbox'").getInt(), 1);
}

TEST(Database, ReopeningAppliesNothingTwice) {
  testing::TempDir dir;
  { Database first(dir.file("j.db")); }
  Database again(dir.file("j.db"));
  EXPECT_EQ(again.migrate(), 0);
  EXPECT_EQ(again.schema_version(), Database::latest_version());
}

TEST(Database, UsesWalForeignKeysAndFullSync) {
  testing::TempDir dir;
  Database db(dir.file("j.db"));
  EXPECT_EQ(db.sql().execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.sql().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db.sql().execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
  EXPECT_THROW(db.sql().exec("INSERT INTO outbox (message_id, state, next_attempt_at, created_at) VALUES (999, 'pending', 0, 0)"),
               SQLite::Exception);
}

TEST(Database, CreatesTheFileAndItsFolderReadableByOwnerOnly) {
  testing::TempDir dir;
  Database db(dir.file("sub/dir/j.db"));
  struct stat info {};
  ASSERT_EQ(::stat(dir.file("sub/dir/j.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(Database, AnExistingFileOthersCouldReadIsMadePrivate) {
  // Issue 21: the mode of an existing database (copied in, restored) was never checked.
  testing::TempDir dir;
  { Database first(dir.file("j.db")); }
  ASSERT_EQ(::chmod(dir.file("j.db").c_str(), 0644), 0);
  Database again(dir.file("j.db"));
  struct stat info {};
  ASSERT_EQ(::stat(dir.file("j.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(Database, RefusesASchemaNewerThanTheBuild) {
  testing::TempDir dir;
  { Database db(dir.file("j.db")); db.sql().exec("PRAGMA user_version = 999"); }
  EXPECT_THROW(Database(dir.file("j.db")), std::runtime_error);
}

TEST(Database, BackupMakesAConsistentCopyAndRefusesToOverwrite) {
  testing::TempDir dir;
  Database db(dir.file("j.db"));
  db.sql().exec("INSERT INTO classes (name, created_at) VALUES ('三年级2班', 1)");
  db.backup_to(dir.file("copy.db"));
  Database copy(dir.file("copy.db"));
  EXPECT_EQ(copy.sql().execAndGet("SELECT name FROM classes").getString(), "三年级2班");
  EXPECT_EQ(copy.check(), "ok");
  EXPECT_THROW(db.backup_to(dir.file("copy.db")), std::runtime_error);
}

TEST(Database, CheckReportsAnUnmigratedSchema) {
  testing::TempDir dir;
  Database db(dir.file("j.db"), /*migrate=*/false);
  EXPECT_NE(db.check().find("schema version 0"), std::string::npos);
  EXPECT_FALSE(db.writable(1));  // no health table before the migrations: no write, and no throw
}

TEST(Database, WritableRewritesOneRowAndSaysFalseOnAReadOnlyConnection) {
  testing::TempDir dir;
  {
    Database db(dir.file("j.db"));
    EXPECT_TRUE(db.writable(5));
    EXPECT_TRUE(db.writable(6));
    EXPECT_EQ(db.sql().execAndGet("SELECT count(*) || ':' || max(checked_at) FROM health").getString(), "1:6");
  }
  Database reader(dir.file("j.db"), /*migrate=*/false);
  reader.sql().exec("PRAGMA query_only = ON");
  EXPECT_FALSE(reader.writable(7));
}

}  // namespace jiaxiao::store
