#include "bot/core/csv.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

namespace jiaxiao::core {

namespace {
/// UTF-8 text as GB18030 bytes, as Excel on Chinese Windows saves a CSV.
std::string to_gbk(const std::string& utf8) {
  iconv_t cd = ::iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  ::iconv(cd, &in, &in_left, &dst, &out_left);
  ::iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}
}  // namespace

TEST(Csv, ParsesQuotesDoubledQuotesAndLineBreaksInsideQuotes) {
  auto rows = parse_csv("姓名,备注\r\n张小明,\"说\"\"好\"\",行\"\r\n\"李\n华\",\r\n\r\n王芳,x");
  ASSERT_TRUE(rows) << rows.error();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"张小明", "说\"好\",行"}));
  EXPECT_EQ((*rows)[2].cells, (std::vector<std::string>{"李\n华", ""}));
  EXPECT_EQ((*rows)[2].line, 3u);
  EXPECT_EQ((*rows)[3].line, 6u);  // the blank line 5 is skipped, numbering is kept
}

TEST(Csv, ReportsAnUnclosedQuoteWithItsLine) {
  auto rows = parse_csv("a,b\nc,\"d\ne");
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error(), "line 2: a quoted field is not closed");
}

TEST(Csv, DecodesUtf8WithAndWithoutBomAndGbk) {
  EXPECT_EQ(decode_spreadsheet_text("\xEF\xBB\xBF姓名").value(), "姓名");
  EXPECT_EQ(decode_spreadsheet_text("姓名").value(), "姓名");
  const std::string gbk = to_gbk("姓名,学号\n张小明,1");
  ASSERT_FALSE(is_valid_utf8(gbk));
  EXPECT_EQ(decode_spreadsheet_text(gbk).value(), "姓名,学号\n张小明,1");
}

TEST(Csv, RefusesBytesThatAreNeitherUtf8NorGbk) {
  EXPECT_FALSE(decode_spreadsheet_text(std::string("\x81\x20\xFF\xFF", 4)));
}

}  // namespace jiaxiao::core
