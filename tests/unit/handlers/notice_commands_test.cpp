// 告家长书 through the router, with a fake clock: the letter reaches every group of the class, "收到"
// counts per student over every guardian and group, reminders follow SPEC §3, the deadline reports.
#include <gtest/gtest.h>

#include <algorithm>

#include "bot/app/export.hpp"
#include "bot/core/zone.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/notices.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "tests/support/chat_harness.hpp"
#include "tests/support/shanghai_time.hpp"
#include "tests/support/shanghai_time.hpp"

namespace jiaxiao::handlers::notice {

namespace {
using testing::shanghai;

struct NoticeCommands : ::testing::Test {
  testing::ChatHarness chat;
  const core::ChatRef console_group{"console", core::ChatKind::group, "三年级2班"};
  std::int64_t class_id = 0;

  NoticeCommands() {
    chat.clock.set_ms(shanghai("2026-11-23", 10, 0));  // Monday
    store::Classes classes(chat.db.sql());
    class_id = classes.create("三年级2班", 1).id;
    classes.link(chat.group, class_id, std::nullopt, 1);
    classes.link(console_group, class_id, std::nullopt, 1);
    store::Members members(chat.db.sql());
    const auto wang = members.upsert({"onebot", "wang", "王老师"}, 1);
    store::Roles(chat.db.sql()).grant(wang, class_id, store::Role::teacher, "班主任", "test", 1);
    store::Roster roster(chat.db.sql());
    const char* names[] = {"张小明", "李华", "王芳", "赵六", "刘洋"};
    for (int i = 0; i < 5; ++i) roster.add({0, class_id, names[i], std::to_string(i + 1), false, {}}, 1);
    bind("onebot", "mom", "1", "妈妈");
    bind("onebot", "dad", "1", "爸爸");
    bind("console", "lima", "2", "妈妈");
  }
  void bind(const std::string& platform, const std::string& user, const std::string& number, const std::string& relation) {
    const auto member = store::Members(chat.db.sql()).upsert({platform, user, ""}, 1);
    store::Roster roster(chat.db.sql());
    roster.bind(member, roster.by_number(class_id, number)->id, relation, 1);
  }
  std::size_t fire() { return chat.reminders().fire_due(chat.db); }
  std::vector<store::OutboxItem> to_groups(const std::vector<store::OutboxItem>& items) {
    std::vector<store::OutboxItem> out;
    for (const auto& i : items) {
      if (i.message.chat.kind == core::ChatKind::group && i.message.in_reply_to == std::nullopt) out.push_back(i);
    }
    return out;
  }
  bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
};
}  // namespace

TEST_F(NoticeCommands, ALetterFromATemplateReachesEveryGroupOfTheClass) {
  chat.say("wang", "/告家长书 寒假安全");
  const auto letters = to_groups(chat.deliver());
  ASSERT_TRUE(letters.empty());  // delivered by say() already: look at the outbox instead
  SQLite::Statement st(chat.db.sql(),
                       "SELECT c.platform, m.text, m.thread FROM messages m JOIN chats c ON c.id = m.chat_id "
                       "WHERE m.direction = 'out' AND m.reply_to IS NULL ORDER BY m.id");
  std::vector<std::string> platforms;
  while (st.executeStep()) {
    platforms.push_back(st.getColumn(0).getString());
    const std::string text = st.getColumn(1).getString();
    EXPECT_EQ(text.rfind("【告家长书 #1】寒假安全\n三年级2班\n\n尊敬的家长：", 0), 0u) << text;
    EXPECT_TRUE(contains(text, "回执截止：11月24日（周二）10:00"));
    EXPECT_TRUE(contains(text, "请家长阅读后回复“收到”"));
    EXPECT_EQ(st.getColumn(2).getInt64(), 1);
  }
  EXPECT_EQ(platforms, (std::vector<std::string>{"onebot", "console"}));
}

TEST_F(NoticeCommands, AcksCountPerStudentOverGuardiansAndGroups) {
  chat.say("wang", "/告家长书 寒假安全");
  EXPECT_TRUE(chat.say("mom", "收到").empty());  // no reply per ack
  EXPECT_TRUE(chat.say("dad", "好的收到，孩子这周在外婆家（周五回）").empty());
  EXPECT_TRUE(chat.say("lima", "收到", {}, &console_group).empty());  // the class's other group, another platform
  EXPECT_TRUE(chat.say("mom", "收到").empty());  // the same guardian again: nothing changes
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT count(*) FROM acks WHERE notice = 1").getInt(), 3);
  EXPECT_EQ(chat.reply("wang", "/回执"),
            "#1《寒假安全》 已回执 2/5，截止 11月24日（周二）10:00\n未回执（3 人）：王芳、赵六、刘洋\n"
            "家长留言和提问 1 条，不在群里显示；私聊我发送 /回执 #1 查看。");
  const auto table = app::export_acks(chat.db, std::nullopt, 1, "Asia/Shanghai");
  ASSERT_EQ(table.rows.size(), 5u);
  std::vector<bool> acked;
  for (const auto& row : table.rows) acked.push_back(row["acked"].get<bool>());
  EXPECT_EQ(acked, (std::vector<bool>{true, true, false, false, false}));
  EXPECT_EQ(table.rows[0]["by"], "onebot:mom");
  EXPECT_EQ(table.rows[0]["comment"], "孩子这周在外婆家（周五回）");  // as typed (issue 22)
  EXPECT_EQ(table.rows[0]["late"], false);
}

TEST_F(NoticeCommands, AParentsPrivateCommentNeverAppearsInTheGroup) {
  // Issue 21: a comment sent privately (a child's hospital stay) was printed by /回执 in the group.
  chat.say("wang", "/告家长书 寒假安全");
  const core::ChatRef mom_private{"onebot", core::ChatKind::private_chat, "mom"};
  chat.say("mom", "收到 #1 孩子住院了，这周请假", {}, &mom_private);
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT count(*) FROM acks WHERE notice = 1").getInt(), 1);
  const std::string in_group = chat.reply("wang", "/回执");
  EXPECT_FALSE(contains(in_group, "住院")) << in_group;
  EXPECT_TRUE(contains(in_group, "家长留言和提问 1 条，不在群里显示")) << in_group;
  // The teacher reads it privately when the letter closes.
  chat.clock.set_ms(testing::shanghai("2026-11-24", 10, 1));
  chat.reminders().fire_due(chat.db);
  bool told_privately = false;
  for (const auto& item : chat.deliver()) {
    if (contains(item.message.text, "住院")) {
      EXPECT_EQ(item.message.chat.kind, core::ChatKind::private_chat);
      told_privately = true;
    }
  }
  EXPECT_TRUE(told_privately);
}

TEST_F(NoticeCommands, QuestionsAndNegationsDoNotAcknowledge) {
  chat.say("wang", "/告家长书 寒假安全");
  chat.say("mom", "收到了吗？");
  chat.say("dad", "没收到");
  EXPECT_TRUE(contains(chat.reply("wang", "/回执"), "已回执 0/5"));
}

TEST_F(NoticeCommands, OneGuardianOfTwoStudentsAcknowledgesBoth) {
  bind("onebot", "mom", "3", "妈妈");
  chat.say("wang", "/告家长书 寒假安全");
  chat.say("mom", "收到");
  EXPECT_TRUE(contains(chat.reply("wang", "/回执"), "已回执 2/5"));
}

TEST_F(NoticeCommands, OneAckAnswersEveryOpenLetterOrTheNumberedOne) {
  // SPEC §2.1 rule 4: a parent who says 收到 has read the group; every letter still open for the family counts.
  chat.say("wang", "/告家长书 寒假安全");
  chat.say("wang", "/告家长书 作息调整\n下周起8点到校。");
  chat.say("mom", "收到");
  chat.say("lima", "收到 #1", {}, &console_group);
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 2/5"));
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #2"), "已回执 1/5"));
  chat.say("lima", "收到", {}, &console_group);  // #2 is the one left for this family
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #2"), "已回执 2/5"));
}

TEST_F(NoticeCommands, QuotingTheLetterTargetsIt) {
  chat.say("wang", "/告家长书 寒假安全");
  chat.say("wang", "/告家长书 作息调整\n下周起8点到校。");
  // The platform gave the first letter's message in the QQ group the id 555.
  chat.db.sql().exec("UPDATE messages SET platform_message_id = '555' WHERE direction = 'out' AND thread = 1 "
                     "AND platform = 'onebot' AND reply_to IS NULL");
  core::IncomingMessage quoted;
  quoted.platform_message_id = "q1";
  quoted.chat = chat.group;
  quoted.sender = {"onebot", "mom", ""};
  quoted.text = "收到";
  quoted.reply_to = "555";
  const auto id = store::Messages(chat.db.sql()).insert_incoming(quoted, chat.clock.now_ms());
  chat.router().process(chat.db, id.message_id);
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 1/5"));
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #2"), "已回执 0/5"));
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT thread FROM messages WHERE platform_message_id = 'q1'").getInt(), 1);
}

TEST_F(NoticeCommands, AnUnboundSenderIsToldOncePerNotice) {
  chat.say("wang", "/告家长书 寒假安全");
  const auto first = chat.say("stranger", "收到");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(contains(first[0], "请先绑定孩子"));
  EXPECT_TRUE(chat.say("stranger", "收到").empty());
}

TEST_F(NoticeCommands, RemindersFollowTheScheduleAcrossQuietHoursAndNameTheMissing) {
  bind("onebot", "wangma", "3", "妈妈");
  chat.clock.set_ms(shanghai("2026-11-23", 20, 0));
  chat.say("wang", "/告家长书 作息调整 截止:明天20:00\n下周起8点到校。");
  chat.say("mom", "收到");
  chat.say("lima", "收到", {}, &console_group);
  chat.clock.set_ms(shanghai("2026-11-23", 23, 0));  // remind_after 3h: in quiet hours
  EXPECT_EQ(fire(), 1u);
  EXPECT_TRUE(chat.deliver().empty());
  chat.clock.set_ms(shanghai("2026-11-24", 7, 30));
  auto reminders = chat.deliver();
  ASSERT_EQ(reminders.size(), 2u);  // both groups
  EXPECT_EQ(reminders[0].message.text,
            "【回执提醒 #1《作息调整》】还有 3 位同学的家长未回执：王芳、赵六、刘洋。\n请以上同学的家长看到后回复“收到”，谢谢配合！回执截止 11月24日（周二）20:00。");
  EXPECT_EQ(reminders[0].message.mentions, std::vector<std::string>{"wangma"});  // on OneBot, its guardian
  EXPECT_TRUE(reminders[1].message.mentions.empty());                           // no console guardian of theirs
  chat.clock.set_ms(shanghai("2026-11-24", 19, 0));  // then daily at 19:00
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(chat.deliver().size(), 2u);
  chat.clock.set_ms(shanghai("2026-11-24", 20, 0));  // the deadline: a private report to the teacher
  EXPECT_EQ(fire(), 1u);
  const auto report = chat.deliver();
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].message.chat, (core::ChatRef{"onebot", core::ChatKind::private_chat, "wang"}));
  EXPECT_EQ(report[0].message.text,
            "回执已截止。#1《作息调整》 已回执 2/5（已截止）\n未回执（3 人）：王芳、赵六、刘洋");
  EXPECT_EQ(store::Reminders(chat.db.sql()).pending_count(), 0);
  chat.say("dad", "收到");  // too late: the notice is closed
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 2/5"));
}

TEST_F(NoticeCommands, NoReminderOnceEveryoneHasAnswered) {
  chat.say("wang", "/告家长书 寒假安全");
  for (const char* number : {"3", "4", "5"}) bind("onebot", std::string("p") + number, number, "妈妈");
  for (const char* who : {"mom", "p3", "p4", "p5"}) chat.say(who, "收到");
  chat.say("lima", "收到", {}, &console_group);
  chat.clock.set_ms(shanghai("2026-11-23", 13, 0));
  fire();
  EXPECT_TRUE(chat.deliver().empty());
  EXPECT_EQ(chat.reply("wang", "/催回执"), "#1《寒假安全》 全部已回执，无需再催。");
}

TEST_F(NoticeCommands, ARemindNowIsRateLimited) {
  chat.say("wang", "/告家长书 寒假安全");
  const auto first = chat.say("wang", "/催回执");
  ASSERT_EQ(first.size(), 3u);  // two groups and the reply
  EXPECT_EQ(first.back(), "已提醒 5 位同学的家长。");
  chat.clock.advance(std::chrono::minutes(10));
  EXPECT_EQ(chat.reply("wang", "/催回执"), "距离上次提醒（11月23日（周一）10:00）不到 30 分钟，请稍后再催。");
}

TEST_F(NoticeCommands, CancellingWithdrawsTheLetterEverywhere) {
  chat.say("wang", "/告家长书 寒假安全");
  const auto replies = chat.say("wang", "/取消 #1");
  // The parents of the group it was typed in are told too, not only the class's other groups (issue 23).
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(std::count(replies.begin(), replies.end(), "【撤回】#1《寒假安全》 已撤回，请家长忽略，无需回执。"), 2);
  EXPECT_EQ(std::count(replies.begin(), replies.end(), "已取消 #1（寒假安全），相关提醒不再发送。"), 1);
  EXPECT_EQ(store::Reminders(chat.db.sql()).pending_count(), 0);
  chat.say("mom", "收到");
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 0/5（已撤回）"));
}

TEST_F(NoticeCommands, WrongUseGetsAReasonAndCreatesNothing) {
  EXPECT_EQ(chat.reply("wang", "/告家长书 春游"),
            "告家长书需要正文（标题下面另起一行写），或用“模板:名称”套用模板。\n用法：/告家长书 <标题> [截止:<时间>] [模板:<名称> 键=值…]，下一行起写正文");
  EXPECT_TRUE(contains(chat.reply("wang", "/告家长书 五一 模板:放假通知 节日=劳动节"), "模板“放假通知”还需要：放假时间、返校时间"));
  EXPECT_TRUE(contains(chat.reply("wang", "/告家长书 x 模板:春游"), "没有“春游”这个模板"));
  EXPECT_TRUE(contains(chat.reply("wang", "/告家长书 春游 截止:昨天\n正文"), "截止时间：这个时间已经过去了"));
  EXPECT_EQ(chat.reply("mom", "/告家长书 春游\n正文"), "只有班主任、任课教师或学校管理员可以使用 /告家长书。");
  EXPECT_TRUE(store::Notices(chat.db.sql()).all(std::nullopt).empty());
  EXPECT_TRUE(contains(chat.reply("wang", "/告家长书 模板"), "放假通知  节日=… 放假时间=… 返校时间=…"));
}

TEST_F(NoticeCommands, OptionsAndValuesOnTheirOwnLines) {
  const auto replies = chat.say("wang", "/告家长书 元旦放假 模板:放假通知\n节日=元旦\n放假时间=12月31日 下午放学后\n返校时间=1月4日\n截止:周五");
  ASSERT_FALSE(replies.empty());
  EXPECT_EQ(replies.back(), "已发出 #1《元旦放假》到本班 2 个群，回执截止 11月27日（周五）23:59。发送 /回执 #1 查看进度。");
  const auto notice = store::Notices(chat.db.sql()).find(1);
  EXPECT_TRUE(contains(notice->body, "放假时间：12月31日 下午放学后"));
}

TEST_F(NoticeCommands, ALettersBodyKeepsTheTeachersPunctuation) {
  chat.say("wang", "/告家长书 春游通知 截止：周五\n各位家长，您好：\n本周五（11月27日）春游，请准备午餐！");
  const auto notice = store::Notices(chat.db.sql()).find(1);
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->body, "各位家长，您好：\n本周五（11月27日）春游，请准备午餐！");
  EXPECT_EQ(notice->deadline_at, shanghai("2026-11-27", 23, 59));  // the option line is still read
}

TEST_F(NoticeCommands, MineListsWhatWaitsForAnAck) {
  chat.say("wang", "/告家长书 寒假安全");
  EXPECT_TRUE(contains(chat.reply("dad", "/我的"), "待回执：\n#1《寒假安全》（张小明），截止 11月24日（周二）10:00"));
  chat.say("mom", "收到");
  EXPECT_FALSE(contains(chat.reply("dad", "/我的"), "待回执"));
}

}  // namespace jiaxiao::handlers::notice
