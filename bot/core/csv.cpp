#include "bot/core/csv.hpp"

#include <cerrno>
#include <iconv.h>

#include <memory>

#include "bot/core/text.hpp"

namespace jiaxiao::core {

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t pos = 0, length = 0; pos < bytes.size(); pos += length) {
    const char32_t cp = decode_utf8(bytes, pos, length);
    if (cp == U'\uFFFD' && bytes.substr(pos, 3) != "\xEF\xBF\xBD") return false;
  }
  return true;
}

namespace {
Parsed<std::string> gb18030_to_utf8(std::string_view bytes) {
  iconv_t cd = ::iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return ParseError{"GB18030 conversion is not available"};
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, ::iconv_close);
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (::iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        const std::size_t used = static_cast<std::size_t>(dst - out.data());
        out.resize(out.size() * 2);
        dst = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      return ParseError{"the file is neither UTF-8 nor GBK; save it as “CSV UTF-8” and try again"};
    }
  }
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return out;
}
}  // namespace

Parsed<std::string> decode_spreadsheet_text(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (is_valid_utf8(bytes)) return std::string(bytes);
  return gb18030_to_utf8(bytes);
}

Parsed<std::vector<CsvRow>> parse_csv(std::string_view text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool quoted = false, cell_started = false, row_has_content = false;
  std::size_t line = 1, row_line = 1, quote_line = 0;
  auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    const bool blank = !row_has_content && row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) {
      row.line = row_line;
      rows.push_back(std::move(row));
    }
    row = CsvRow{};
    row_has_content = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = cell_started = row_has_content = true;
      quote_line = line;
    } else if (c == ',') {
      end_cell();
      row_has_content = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      row_line = ++line;
    } else {
      cell.push_back(c);
      cell_started = row_has_content = true;
    }
  }
  if (quoted) return ParseError{"line " + std::to_string(quote_line) + ": a quoted field is not closed"};
  if (row_has_content || !cell.empty() || !row.cells.empty()) end_row();
  return rows;
}

std::string csv_field(std::string_view raw) {
  std::string text = clean_text(raw);  // a dropped control must not uncover a formula: look after cleaning
  const bool formula = (!raw.empty() && raw.front() == '\r') ||
                       (!text.empty() && std::string_view("=+-@\t").find(text.front()) != std::string_view::npos);
  if (formula) text.insert(0, 1, '\'');
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace jiaxiao::core
