#pragma once
// The SQLite database: opening with the house pragmas, numbered migrations, backup and checks.
// A Database (and every repository built on it) is used by one thread at a time (SQLiteCpp's rule).

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>

namespace jiaxiao::store {

/// Owns one SQLite connection. Opening creates the file (mode 0600) and its folder when missing,
/// turns on WAL, foreign keys, a busy timeout and synchronous=FULL, then applies pending migrations.
/// Throws std::runtime_error naming the file and cause when it cannot open or migrate.
class Database {
 public:
  explicit Database(const std::string& path, bool migrate = true);
  /// Finalizes the cached statements, then closes.
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// The connection, for repositories.
  SQLite::Database& sql() { return *db_; }
  const std::string& path() const { return path_; }

  /// PRAGMA user_version: the number of migrations applied.
  int schema_version();
  /// The number of migrations this build knows.
  static int latest_version();
  /// Applies the migrations not yet applied, each in its own transaction; returns how many ran.
  int migrate();
  /// "ok", or what PRAGMA integrity_check and foreign_key_check report.
  std::string check();
  /// A consistent copy of the live database into `file` (SQLite online backup; safe while serving).
  void backup_to(const std::string& file);
  /// True when a small real write commits (one row of its own, rewritten): a full disk or a read-only
  /// file says false. One fsync; meant for /healthz, not for every request.
  bool writable(std::int64_t now_ms) noexcept;

 private:
  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace jiaxiao::store
