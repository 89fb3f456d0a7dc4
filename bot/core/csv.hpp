#pragma once
// Spreadsheet files as schools have them: CSV saved by Excel or WPS, in UTF-8 (with or without a BOM)
// or in GBK/GB18030 (Excel on Chinese Windows). Untrusted input: results, never exceptions.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/result.hpp"

namespace jiaxiao::core {

/// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// The text as UTF-8: a UTF-8 BOM is dropped; bytes that are not UTF-8 are read as GB18030 (a superset
/// of GBK). An error when they are neither.
Parsed<std::string> decode_spreadsheet_text(std::string_view bytes);

/// One record and the line of the file it starts on (1-based).
struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> cells;
};

/// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, line breaks inside quotes. Blank lines are
/// skipped. An error (with its line) for an unclosed quote.
Parsed<std::vector<CsvRow>> parse_csv(std::string_view text);

/// One CSV cell as Excel and WPS will open it safely: invalid UTF-8 becomes U+FFFD, NUL and other
/// controls (but line feed and tab) are dropped; a text that starts with =, +, -, @, a tab or a CR gets a
/// leading ' so that a spreadsheet shows it instead of running it as a formula; quoted when it holds a
/// comma, a quote or a line break.
std::string csv_field(std::string_view text);

}  // namespace jiaxiao::core
