#include "store/database.hpp"

#include <fcntl.h>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sqlite3.h>
#include <stdexcept>

#include "bot/core/log.hpp"
#include "store/migrations.hpp"
#include "store/statement.hpp"

namespace jiaxiao::store {

namespace {

// Families' data: the database file is readable by the service user only (SQLite gives its -wal and
// -shm files the same mode). Only a file that does not exist yet is touched: closing any descriptor of
// an open database would drop the POSIX locks another connection of this process holds on it.
void create_private_file(const std::string& path) {
  if (path == ":memory:" || path.empty()) return;
  if (struct stat st{}; ::stat(path.c_str(), &st) == 0) {
    // An existing file (copied in, restored from a backup, made by an older version) that others may
    // read: made private. chmod closes no descriptor, so no lock is lost.
    if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) {
      char was[8];
      std::snprintf(was, sizeof was, "%03o", static_cast<unsigned>(st.st_mode & 0777));
      if (::chmod(path.c_str(), st.st_mode & 0700) == 0)
        core::log::warn("database_mode_tightened", "path", path, "was", was, "now", "owner only");
      else
        core::log::warn("database_mode_open", "path", path, "mode", was, "fix", "chmod 600 the database");
    }
    return;
  }
  const std::filesystem::path file(path);
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) throw std::runtime_error("database " + path + ": cannot be created");
  if (fd >= 0) ::close(fd);
}

// Before the first connection of the process: SQLite's memory statistics take a global lock on every
// allocation and free (about 8 % of the database thread under the ingest bench, perf); nothing here
// reads them. Too late (SQLite already in use) is harmless: the call is refused and the default stays.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

Database::Database(const std::string& path, bool migrate_now) : path_(path) {
  configure_sqlite_once();
  try {
    create_private_file(path);
    // NOMUTEX: a connection is used by one thread at a time (the DbWorker's, or a CLI's), so SQLite's
    // per-call connection lock is pure cost (7 % of the database thread in perf under the ingest bench).
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    db_->setBusyTimeout(5000);
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = FULL");  // "answered 2xx" means on disk, also on power loss
    db_->exec("PRAGMA foreign_keys = ON");
  } catch (const std::exception& e) {
    throw std::runtime_error("database " + path + ": " + e.what());
  }
  Statement::enable_cache(*db_);
  if (!migrate_now) return;
  const int version = schema_version();
  if (version > latest_version()) {
    throw std::runtime_error("database " + path + ": schema version " + std::to_string(version) +
                             " is newer than this build knows (" + std::to_string(latest_version()) +
                             "); upgrade jiaxiao");
  }
  migrate();
}

Database::~Database() {
  if (db_) Statement::drop_cache(*db_);
}

int Database::schema_version() { return db_->execAndGet("PRAGMA user_version").getInt(); }

int Database::latest_version() { return static_cast<int>(migrations().size()); }

int Database::migrate() {
  int applied = 0;
  for (int version = schema_version(); version < latest_version(); ++version) {
    try {
      SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      if (schema_version() != version) break;  // another process migrated meanwhile
      db_->exec(std::string(migrations()[static_cast<std::size_t>(version)]));
      db_->exec("PRAGMA user_version = " + std::to_string(version + 1));  // an integer we own, not input
      transaction.commit();
    } catch (const std::exception& e) {
      throw std::runtime_error("database " + path_ + ": migration " + std::to_string(version + 1) +
                               " failed: " + e.what());
    }
    core::log::info("db_migrated", "version", version + 1);
    ++applied;
  }
  return applied;
}

std::string Database::check() {
  std::string problems;
  SQLite::Statement integrity(*db_, "PRAGMA integrity_check");
  while (integrity.executeStep()) {
    const std::string row = integrity.getColumn(0).getString();
    if (row != "ok") problems += row + "\n";
  }
  SQLite::Statement foreign(*db_, "PRAGMA foreign_key_check");
  while (foreign.executeStep()) {
    problems += "foreign key violation in " + foreign.getColumn(0).getString() + " row " +
                foreign.getColumn(1).getString() + "\n";
  }
  if (schema_version() != latest_version()) {
    problems += "schema version " + std::to_string(schema_version()) + ", this build expects " +
                std::to_string(latest_version()) + " (run `jiaxiao db migrate`)\n";
  }
  return problems.empty() ? "ok" : problems;
}

void Database::backup_to(const std::string& file) {
  if (std::filesystem::exists(file)) throw std::runtime_error(file + ": already exists; choose a new name");
  create_private_file(file);
  SQLite::Database target(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  SQLite::Backup backup(target, *db_);
  // Steps of 256 pages let the server keep writing between them; the backup restarts if needed.
  while (backup.executeStep(256) != SQLITE_DONE) {
  }
}

bool Database::writable(std::int64_t now_ms) noexcept {
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Statement probe(*db_, "INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET "
                          "checked_at = excluded.checked_at");
    probe.bind(1, now_ms);
    probe.exec();
    transaction.commit();
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace jiaxiao::store
