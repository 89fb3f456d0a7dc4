#include "handlers/notice/ack.hpp"

#include <gtest/gtest.h>

#include "bot/core/text.hpp"

namespace jiaxiao::handlers::notice {

namespace {
std::optional<AckText> ack(const std::string& text) { return read_ack(core::normalise(text)); }
}  // namespace

TEST(Ack, RecognisesTheWaysParentsSayIt) {
  for (const char* text : {"收到", "已收到", "收到了", "收到谢谢老师", "好的收到", "已阅", "已读", "已知晓", "知道了", "好的",
                           "明白", "明白了", "ok", "OK", "Ok👌", "👌", "👍", "🙏", "收到！", "  收到  "}) {
    EXPECT_TRUE(ack(text)) << text;
  }
}

TEST(Ack, TheVocabularyOfSpecTwoOneWithOpenersEmojiAndWeChatCodes) {
  // Issue 22: each of these was silently ignored, or left a stray comment.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"收悉", ""},         {"好滴", ""},       {"好嘞", ""},         {"已知悉", ""},     {"知悉", ""},
      {"[OK]", ""},         {"[抱拳]收到", ""}, {"[抱拳]", ""},       {"✅", ""},         {"👍🏻", ""},
      {"👍🏻 收到", ""},    {"👌🏼谢谢老师", ""},       {"谢谢老师，收到", ""},
      {"老师辛苦了，收到", ""}, {"老师辛苦了 收到 孩子会准时到", "孩子会准时到"}, {"谢谢老师收到了", ""},
      {"明白了", ""},       {"嗯嗯 好的", ""}};
  for (const auto& [text, comment] : cases) {
    const auto read = ack(text);
    ASSERT_TRUE(read) << text;
    EXPECT_EQ(read->comment, comment) << text;
  }
  for (const char* text : {"谢谢老师", "老师辛苦了", "谢谢", "老师好，请问几点放学？", "[抱拳]收到了吗"}) EXPECT_FALSE(ack(text)) << text;
}

TEST(Ack, QuestionsAndNegationsAreNotAcks) {
  for (const char* text : {"收到了吗？", "收到了吗", "收到?", "你们收到了吗", "没收到", "未收到", "没有收到", "大家好",
                           "", "收到什么了？", "请问截止是哪天", "收到没", "明白了吗", "好的吗？", "知道了吗"}) {
    EXPECT_FALSE(ack(text)) << text;
  }
}

TEST(Ack, AQuestionApartAfterTheAckIsAnAckThatAsks) {
  // SPEC §2.1 rule 6: acknowledged, and the question is passed on (the comment carries it to the reader).
  for (const auto& [text, question] : std::vector<std::pair<std::string, std::string>>{
           {"收到，请问31号几点放学？", "请问31号几点放学?"},
           {"收到 请问要带什么吗", "请问要带什么吗"},
           {"好的请问几点开始", "请问几点开始"},
           {"谢谢老师，收到！放假那天要接孩子吗？", "放假那天要接孩子吗?"}}) {
    const auto read = ack(text);
    ASSERT_TRUE(read) << text;
    EXPECT_EQ(read->comment, question) << text;
  }
}

TEST(Ack, KeepsTheRestAsACommentAndFindsTheNumber) {
  // Polite words are no comment for the teacher to read (issue 22).
  EXPECT_EQ(ack("收到，谢谢老师")->comment, "");
  EXPECT_EQ(ack("收到谢谢老师！")->comment, "");
  EXPECT_EQ(ack("好的收到，辛苦了")->comment, "");
  EXPECT_EQ(ack("收到😊")->comment, "");
  EXPECT_EQ(ack("收到，谢谢老师，孩子周五请假")->comment, "谢谢老师,孩子周五请假");  // normalised here; stored as typed
  EXPECT_EQ(ack("收到！孩子咳嗽,在家观察")->comment, "孩子咳嗽,在家观察");
  EXPECT_EQ(ack("收到")->comment, "");
  const auto numbered = ack("收到 ＃12 孩子周五请假");
  ASSERT_TRUE(numbered);
  EXPECT_EQ(numbered->thread, 12);
  EXPECT_EQ(numbered->comment, "孩子周五请假");
  EXPECT_EQ(ack("ok #3")->thread, 3);
  EXPECT_EQ(ack("ok #3")->comment, "");
}

}  // namespace jiaxiao::handlers::notice
