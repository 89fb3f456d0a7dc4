// 家长信箱: forwarded without the sender; the school's reply reaches the sender.
#include <gtest/gtest.h>

#include "tests/support/chat_harness.hpp"

namespace jiaxiao::handlers::mailbox {

namespace {
config::Config with_admin() {
  config::Config c;
  c.admins = {"onebot:principal"};
  return c;
}
struct Mailbox : ::testing::Test {
  testing::ChatHarness chat{with_admin()};
  const core::ChatRef parent_chat{"onebot", core::ChatKind::private_chat, "mom"};
  const core::ChatRef admin_chat{"onebot", core::ChatKind::private_chat, "principal"};
};
}  // namespace

TEST_F(Mailbox, ALetterReachesTheAdminsWithoutItsSender) {
  const auto replies = chat.say("mom", "/信箱 建议延长午休时间", {}, &parent_chat);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0], "【家长信箱 第1号】\n建议延长午休时间\n（来信人匿名。回复请发送：/信箱回复 1 回复内容）");
  EXPECT_EQ(replies[0].find("mom"), std::string::npos);
  EXPECT_EQ(replies[1], "感谢您的来信，已匿名转交学校（第1号）。学校回复后会在这里告诉您。");
  SQLite::Statement st(chat.db.sql(),
                       "SELECT c.platform_chat_id FROM messages m JOIN chats c ON c.id = m.chat_id "
                       "WHERE m.direction = 'out' AND m.text LIKE '【家长信箱%'");
  ASSERT_TRUE(st.executeStep());
  EXPECT_EQ(st.getColumn(0).getString(), "principal");
  // The letter's own message is sealed: no export can name its writer.
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT sealed FROM messages WHERE direction = 'in' AND text LIKE '/信箱%'").getInt(), 1);
}

TEST_F(Mailbox, TheSchoolsReplyReachesTheSender) {
  chat.say("mom", "/信箱 建议延长午休时间", {}, &parent_chat);
  const auto replies = chat.say("principal", "/信箱回复 1 感谢建议，下学期起午休延长十分钟。", {}, &admin_chat);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0], "【学校回复】您的第1号来信：\n感谢建议，下学期起午休延长十分钟。");
  EXPECT_EQ(replies[0].find("principal"), std::string::npos);
  EXPECT_EQ(chat.reply("principal", "/信箱回复 9 你好", {}, &admin_chat), "没有第 9 号来信。");
  EXPECT_EQ(chat.reply("mom", "/信箱回复 1 我自己回", {}, &parent_chat), "只有学校管理员可以使用 /信箱回复。");
}

TEST_F(Mailbox, InAGroupItIsRefusedAndNothingIsKept) {
  EXPECT_EQ(chat.reply("mom", "/信箱 建议"), "信箱的内容不要发在群里：请长按刚才那条消息“撤回”，再私聊我发送 /信箱 内容（学校看不到你的名字）。");
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT count(*) FROM mailbox").getInt(), 0);
  EXPECT_NE(chat.reply("mom", "/信箱", {}, &parent_chat).find("请写下您的意见或建议"), std::string::npos);
}

}  // namespace jiaxiao::handlers::mailbox
