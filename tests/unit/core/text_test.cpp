#include "bot/core/text.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::core {

TEST(Normalise, TurnsFullWidthSlashSpaceDigitsAndColonIntoAscii) {
  EXPECT_EQ(normalise("／帮助　告家长书"), "/帮助 告家长书");
  EXPECT_EQ(normalise("截止：１２月５日"), "截止:12月5日");
  EXPECT_EQ(normalise("收到＃１２"), "收到#12");
}

TEST(Normalise, TurnsChineseQuotesIntoAsciiQuotes) {
  EXPECT_EQ(normalise("/投票 “午饭 吃什么” | 面"), "/投票 \"午饭 吃什么\" | 面");
}

TEST(Normalise, TrimsEndsAndKeepsInnerNewlines) {
  EXPECT_EQ(normalise("  /告家长书 标题\r\n正文第一行\r\n第二行  "), "/告家长书 标题\n正文第一行\n第二行");
}

TEST(Normalise, DropsZeroWidthCharactersAndBom) {
  EXPECT_EQ(normalise("\xEF\xBB\xBF/帮助\xE2\x80\x8B"), "/帮助");
}

TEST(Normalise, KeepsChineseTextAndEmojiUnchanged) {
  EXPECT_EQ(normalise("收到，谢谢老师👌"), "收到,谢谢老师👌");  // ， is full-width U+FF0C
  EXPECT_EQ(normalise("已阅。"), "已阅。");
}

TEST(Normalise, ReplacesEachInvalidUtf8ByteWithoutCrashing) {
  const std::string broken = std::string("a\xE4\xBD") + "b\xFF";
  EXPECT_EQ(normalise(broken), "a\uFFFD\uFFFDb\uFFFD");
}

TEST(Utf8, CountsCodePointsAndEncodesRoundTrip) {
  EXPECT_EQ(utf8_length("家校ab👌"), 5u);
  std::string out;
  for (char32_t cp : {U'家', U'a', U'👌'}) append_utf8(out, cp);
  EXPECT_EQ(out, "家a👌");
  std::size_t length = 0;
  EXPECT_EQ(decode_utf8("\xC0\xAF", 0, length), U'\uFFFD');  // overlong '/' is refused
  EXPECT_EQ(length, 1u);
}

TEST(EditDistance, CountsCodePointsNotBytes) {
  EXPECT_EQ(edit_distance("帮助", "帮肋"), 1u);
  EXPECT_EQ(edit_distance("help", "hepl"), 2u);
  EXPECT_EQ(edit_distance("", "告家长书"), 4u);
}

}  // namespace jiaxiao::core

namespace jiaxiao::core {

TEST(Normalise, MalformedUtf8BecomesReplacementCharactersAndASecondPassChangesNothing) {
  // Found by fuzz/fuzz_command: "\xE2\x80" + U+200B + "\x8B" lost its zero-width space and became U+200B.
  const std::string text = "**\xE2\x80\xE2\x80\x8B\x8B";
  const std::string once = normalise(text);
  EXPECT_EQ(once, "**\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(normalise(once), once);
}

TEST(SplitText, KeepsShortTextWhole) {
  EXPECT_EQ(split_text("短消息", 100), std::vector<std::string>{"短消息"});
  EXPECT_EQ(split_text(std::string(5000, 'x'), 0).size(), 1u);
}

TEST(SplitText, SplitsAtLineEnds) {
  const std::string text = "第一行内容\n第二行内容\n第三行内容";  // 15 bytes a line
  EXPECT_EQ(split_text(text, 32), (std::vector<std::string>{"第一行内容\n第二行内容", "第三行内容"}));
  EXPECT_EQ(split_text(text, 20), (std::vector<std::string>{"第一行内容", "第二行内容", "第三行内容"}));
}

TEST(SplitText, CutsALongLineAtCodePointBoundaries) {
  const auto parts = split_text("一二三四五六七", 10);  // 3 bytes a character
  EXPECT_EQ(parts, (std::vector<std::string>{"一二三", "四五六", "七"}));
  for (const auto& part : parts) EXPECT_LE(part.size(), 10u);
}

TEST(SplitText, MalformedUtf8OfOnlyContinuationBytesEndsAndKeepsEveryByte) {
  // Found by fuzz/fuzz_command: a run of continuation bytes longer than a part looped forever.
  const std::string text = "ab" + std::string(30, '\xA0');
  const auto parts = split_text(text, 8);
  std::string joined;
  for (const auto& part : parts) {
    EXPECT_FALSE(part.empty());
    EXPECT_LE(part.size(), 8u);
    joined += part;
  }
  EXPECT_EQ(joined, text);
}

}  // namespace jiaxiao::core

namespace jiaxiao::core {

TEST(JoinAndSplit, JoinThenSplitGivesTheItemsBackWithoutEmptyOnes) {
  EXPECT_EQ(join({"张三", "李四", "王五"}, "、"), "张三、李四、王五");
  EXPECT_EQ(join({}, "、"), "");
  EXPECT_EQ(split("1,2,,3", ","), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(split(join({"a", "b"}, "\n"), "\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(split("", "\n").empty());
  EXPECT_EQ(split("留守儿童、学困生", "、"), (std::vector<std::string>{"留守儿童", "学困生"}));
}

TEST(JoinAndSplit, LinesOfKeepsEmptyLines) {
  EXPECT_EQ(lines_of("标题\n\n正文"), (std::vector<std::string>{"标题", "", "正文"}));
  EXPECT_EQ(lines_of(""), (std::vector<std::string>{""}));
  EXPECT_EQ(lines_of("a\n"), (std::vector<std::string>{"a", ""}));
}

TEST(Cut, KeepsAtMostThatManyCodePointsAndMarksTheCut) {
  EXPECT_EQ(cut("你好", 30), "你好");
  EXPECT_EQ(cut("一二三四五", 3), "一二三…");
  EXPECT_EQ(cut("abc", 3), "abc");
  EXPECT_EQ(cut("", 0), "");
}

TEST(CleanText, InvalidBytesControlsAndBidiOverridesNeverReachStorage) {
  EXPECT_EQ(clean_text("收到\n谢谢\t老师"), "收到\n谢谢\t老师");
  EXPECT_EQ(clean_text(std::string("a\0b\r\nc\x1b[31m", 11)), "ab\nc[31m");
  EXPECT_EQ(clean_text("\xff收\xc3到"), "\uFFFD收\uFFFD到");
  EXPECT_EQ(clean_text("\u202Egnp.exe\u2066x\u2069"), "gnp.exex");  // RTL override and isolates
  EXPECT_EQ(clean_text("👍🏻 \uFFFD"), "👍🏻 \uFFFD");  // valid text, a real U+FFFD included, is kept
}

TEST(LoneSurrogates, OnlyUnpairedEscapesAreReplaced) {
  EXPECT_EQ(without_lone_surrogates(R"({"a":"x"})"), std::nullopt);
  EXPECT_EQ(without_lone_surrogates(R"({"a":"\ud83d\ude00"})"), std::nullopt);
  EXPECT_EQ(without_lone_surrogates(R"({"a":"\ud83d"})"), R"({"a":"\ufffd"})");
  EXPECT_EQ(without_lone_surrogates(R"({"a":"\ude00x\uD83D\u0041"})"), R"({"a":"\ufffdx\ufffd\u0041"})");
  EXPECT_EQ(without_lone_surrogates(R"({"a":"\\ud83d"})"), std::nullopt);  // an escaped backslash, then text
  EXPECT_EQ(without_lone_surrogates(R"("\ud83)"), std::nullopt);
}

TEST(AsciiLower, LowersOnlyAsciiLetters) { EXPECT_EQ(ascii_lower("HeLP 帮助 ÄZ"), "help 帮助 Äz"); }

}  // namespace jiaxiao::core
