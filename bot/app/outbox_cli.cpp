#include "bot/app/outbox_cli.hpp"

#include <charconv>
#include <iostream>

#include "bot/core/clock.hpp"
#include "bot/core/text.hpp"
#include "bot/core/zone.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::app {

namespace {

int list(const Arguments& args, const config::Config& config, store::Database& db) {
  const bool failed = args.options.contains("failed"), pending = args.options.contains("pending");
  if (failed && pending) return wrong_use("outbox list takes --failed or --pending, not both");
  const auto rows = store::Outbox(db.sql()).list(failed ? "failed" : pending ? "pending" : "", 1000);
  for (const auto& row : rows) {
    std::string state = row.state;
    if (row.waiting) state += " (waiting for a reply window or a robot key)";
    else if (row.next_attempt_at_ms) state += " (next try " + core::iso_in_zone(*row.next_attempt_at_ms, config.timezone) + ")";
    std::cout << row.id << "\t" << state << "\t" << row.chat << "\tattempts=" << row.attempts
              << "\tcreated=" << core::iso_in_zone(row.created_at_ms, config.timezone);
    if (!row.last_error.empty()) std::cout << "\terror=" << row.last_error;
    std::string first_line = core::lines_of(row.text).front();
    std::cout << "\t" << core::cut(first_line, 30) << "\n";
  }
  std::cout << rows.size() << " message(s)" << (rows.size() == 1000 ? " (the first 1000)" : "") << "\n";
  return 0;
}

int retry(const Arguments& args, store::Database& db) {
  core::SystemClock clock;
  store::Outbox outbox(db.sql());
  if (args.options.contains("failed")) {
    if (args.words.size() != 2) return wrong_use("outbox retry takes an ID or --failed");
    const int n = outbox.retry_failed(clock.now_ms());
    std::cout << "queued again: " << n << " failed message(s); the running server sends them within outbox.poll_interval\n";
    return 0;
  }
  std::int64_t id = 0;
  const std::string word = args.word(2);
  if (args.words.size() != 3 || std::from_chars(word.data(), word.data() + word.size(), id).ptr != word.data() + word.size())
    return wrong_use("outbox retry takes an ID (from outbox list) or --failed");
  if (!outbox.retry(id, clock.now_ms())) {
    std::cerr << "jiaxiao: no pending or failed message " << id << " (see jiaxiao outbox list)\n";
    return 1;
  }
  std::cout << "queued again: " << id << "; the running server sends it within outbox.poll_interval\n";
  return 0;
}

}  // namespace

int outbox_command(const Arguments& args, const config::Config& config) {
  const std::string what = args.word(1);
  if (what != "list" && what != "retry") return wrong_use("outbox needs list or retry");
  store::Database db(config.database);
  return what == "list" ? list(args, config, db) : retry(args, db);
}

}  // namespace jiaxiao::app
