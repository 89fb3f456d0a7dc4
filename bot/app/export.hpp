#pragma once
// `jiaxiao export WHAT`: tables of SPEC §5 as CSV (UTF-8 with BOM, Chinese headers, for Excel/WPS) or
// JSON (an array of objects with the English keys).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "store/database.hpp"
#include "store/messages.hpp"

namespace jiaxiao::app {

/// A table to export: columns as (JSON key, Chinese CSV header), rows as JSON objects.
struct ExportTable {
  std::vector<std::pair<std::string, std::string>> columns;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
};

/// CSV: BOM, the Chinese header line, one line per row; booleans 是/否, lists joined with 、, null empty.
std::string to_csv(const ExportTable& table);
/// JSON: the rows as an array, pretty-printed, UTF-8 kept as is.
std::string to_json(const ExportTable& table);

/// `export messages`: every message in and out (SPEC §5 keys), times ISO 8601 in `zone`.
ExportTable export_messages(store::Database& db, const store::MessageFilter& filter, const std::string& zone);

/// `export notices`: one row per letter (SPEC §5 keys).
ExportTable export_notices(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone);
/// `export acks`: one row per student of the class for each letter (or only letter `thread`).
ExportTable export_acks(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                        const std::string& zone);

/// `export meetings`: one row per meeting, minutes joined (SPEC §5 keys).
ExportTable export_meetings(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone);
/// `export rsvps`: one row per student of the class for each meeting (or only meeting `thread`).
ExportTable export_rsvps(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                         const std::string& zone);

/// `export polls`: one row per poll with its counts.
ExportTable export_polls(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone);
/// `export votes`: one row per ballot — never for anonymous polls.
ExportTable export_votes(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                         const std::string& zone);
/// `export signups`: one row per entry of each sign-up list.
ExportTable export_signups(store::Database& db, std::optional<std::int64_t> class_id, std::optional<std::int64_t> thread,
                           const std::string& zone);

/// `export visits`: the register, one row per plan or record.
ExportTable export_visits(store::Database& db, std::optional<std::int64_t> class_id, const std::string& zone);
/// `export visit-stats`: one row per class and term of the current school year (the bureau's table).
ExportTable export_visit_stats(store::Database& db, const config::Config& config, std::optional<std::int64_t> class_id,
                               std::int64_t now_ms);

/// `export mailbox`: the parents' letters and the school's answers, never who wrote them.
ExportTable export_mailbox(store::Database& db, std::optional<std::int64_t> from_ms, std::optional<std::int64_t> to_ms,
                           const std::string& zone);

/// The WHATs this build can export.
const std::vector<std::string>& exportable();

/// The filters of `jiaxiao export` (SPEC §5). Each WHAT applies those that mean something for it, by the
/// item's own time, and refuses the others (refused_filter), so an output never only looks filtered.
struct ExportFilter {
  std::optional<std::string> class_name;
  std::optional<std::int64_t> thread;       // --thread N
  std::optional<std::string> from_date;     // --from YYYY-MM-DD (inclusive, the school's zone)
  std::optional<std::string> to_date;       // --to YYYY-MM-DD (inclusive)
  bool include_private = false;             // --private (messages only)
};
/// Why `what` cannot take a filter that was given, in Chinese; nullopt when it takes them all.
std::optional<std::string> refused_filter(const std::string& what, const ExportFilter& filter);
/// The table of `what` with every filter of `filter` applied; throws std::invalid_argument for an unknown
/// class or date (refused_filter first).
ExportTable export_table(store::Database& db, const config::Config& config, const std::string& what,
                         const ExportFilter& filter, std::int64_t now_ms);

}  // namespace jiaxiao::app
