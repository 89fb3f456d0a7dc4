// The CSV reader (roster imports from Excel and WPS, in UTF-8 or GBK) and the CSV writer (every export)
// on untrusted bytes: the writer's cell, read back by the reader, must be one cell that never starts a
// formula and is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bot/core/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto text = jiaxiao::core::decode_spreadsheet_text(input)) (void)jiaxiao::core::parse_csv(*text);
  const std::string cell = jiaxiao::core::csv_field(input);
  if (!jiaxiao::core::is_valid_utf8(cell)) std::abort();
  if (cell.find('\0') != std::string::npos) std::abort();
  auto rows = jiaxiao::core::parse_csv(cell + "\r\n");
  if (!rows) std::abort();
  if (rows->empty()) return 0;  // an empty cell is a blank line
  if (rows->size() != 1 || rows->front().cells.size() != 1) std::abort();
  const std::string& back = rows->front().cells.front();
  if (!back.empty() && std::string_view("=+-@\t\r").find(back.front()) != std::string_view::npos) std::abort();
  return 0;
}
