#include "bot/core/command.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::core {

TEST(ParseCommand, SplitsNameAndArguments) {
  auto command = parse_command("/绑定 张小明 妈妈");
  ASSERT_TRUE(command);
  EXPECT_EQ(command->name, "绑定");
  EXPECT_EQ(command->args, "张小明 妈妈");
  EXPECT_EQ(command->argv, (std::vector<std::string>{"张小明", "妈妈"}));
}

TEST(ParseCommand, KeepsBodyLinesInArgs) {
  auto command = parse_command("/告家长书 寒假安全\n尊敬的家长：\n请注意安全。");
  ASSERT_TRUE(command);
  EXPECT_EQ(command->name, "告家长书");
  EXPECT_EQ(command->args, "寒假安全\n尊敬的家长：\n请注意安全。");
}

TEST(ParseCommand, RejectsTextThatIsNotACommand) {
  EXPECT_FALSE(parse_command("收到"));
  EXPECT_FALSE(parse_command("/"));
  EXPECT_FALSE(parse_command("/ 帮助"));
  EXPECT_FALSE(parse_command(""));
}

TEST(ParseCommand, AcceptsEnglishAliasWithoutArguments) {
  auto command = parse_command("/help");
  ASSERT_TRUE(command);
  EXPECT_EQ(command->name, "help");
  EXPECT_TRUE(command->args.empty());
  EXPECT_TRUE(command->argv.empty());
}

TEST(SplitArgs, GroupsQuotedWords) {
  EXPECT_EQ(split_args(R"(三年级2班 "家长 会" 下午)"), (std::vector<std::string>{"三年级2班", "家长 会", "下午"}));
  EXPECT_EQ(split_args(R"(a "" b)"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split_args("   "), std::vector<std::string>{});
}

TEST(FindThreadReference, FindsTheFirstHashNumber) {
  EXPECT_EQ(find_thread_reference("收到 #12 谢谢"), 12);
  EXPECT_EQ(find_thread_reference("#3"), 3);
  EXPECT_FALSE(find_thread_reference("收到# 谢谢"));
  EXPECT_FALSE(find_thread_reference("#0"));
  EXPECT_FALSE(find_thread_reference("#99999999999999999999"));
  EXPECT_EQ(find_thread_reference("参加 #07 2人"), 7);
  EXPECT_EQ(without_thread_reference("参加 #07 2人"), "参加  2人");
  EXPECT_EQ(without_thread_reference("#0 收到 #3"), "#0 收到 ");
  EXPECT_EQ(without_thread_reference("收到"), "收到");
}

}  // namespace jiaxiao::core

namespace jiaxiao::core {

TEST(RawArguments, KeepsTheTextAsTypedAfterTheCommandWord) {
  EXPECT_EQ(raw_arguments("／告家长书　春游\r\n各位家长，您好：\r\n请准备午餐。"), "春游\n各位家长，您好：\n请准备午餐。");
  EXPECT_EQ(raw_arguments("/信箱 建议延长午休，谢谢！"), "建议延长午休，谢谢！");
  EXPECT_EQ(raw_arguments("/帮助"), "");
}

}  // namespace jiaxiao::core
