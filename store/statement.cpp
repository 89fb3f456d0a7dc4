#include "store/statement.hpp"

#include <functional>
#include <mutex>
#include <unordered_map>

namespace jiaxiao::store {

namespace {

struct Entry {
  std::unique_ptr<SQLite::Statement> statement;
  bool in_use = false;
};
/// Hashes std::string and std::string_view alike, so that a lookup needs no std::string.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};
using Cache = std::unordered_map<std::string, Entry, SqlHash, std::equal_to<>>;

// Keyed by the connection handle. Several connections (the server's, a CLI's, a test's second one) may
// live on different threads, so finding a connection's cache takes a lock; its entries are then used
// by that connection's thread only.
std::mutex caches_mutex;
std::unordered_map<sqlite3*, std::unique_ptr<Cache>> caches;

Cache* cache_of(SQLite::Database& db) {
  std::lock_guard lock(caches_mutex);
  const auto it = caches.find(db.getHandle());
  return it == caches.end() ? nullptr : it->second.get();
}

}  // namespace

Statement::Statement(SQLite::Database& db, std::string_view sql) {
  if (Cache* cache = cache_of(db)) {
    auto found = cache->find(sql);
    if (found == cache->end()) found = cache->try_emplace(std::string(sql)).first;
    Entry& entry = found->second;
    if (!entry.statement) entry.statement = std::make_unique<SQLite::Statement>(db, std::string(sql));
    if (!entry.in_use) {
      entry.in_use = true;
      in_use_ = &entry.in_use;
      statement_ = entry.statement.get();
      return;
    }
  }
  own_.emplace(db, std::string(sql));
  statement_ = &*own_;
}

Statement::~Statement() {
  if (in_use_ == nullptr) return;
  // Ready for the next use, and no read transaction left open by a half-read result.
  statement_->tryReset();
  try {
    statement_->clearBindings();
  } catch (const std::exception&) {
    // sqlite3_clear_bindings cannot fail on a valid statement; the next use binds every value anyway.
  }
  *in_use_ = false;
}

void Statement::enable_cache(SQLite::Database& db) {
  std::lock_guard lock(caches_mutex);
  caches.try_emplace(db.getHandle(), std::make_unique<Cache>());
}

void Statement::drop_cache(SQLite::Database& db) {
  std::lock_guard lock(caches_mutex);
  caches.erase(db.getHandle());
}

}  // namespace jiaxiao::store
