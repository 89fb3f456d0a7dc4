// /提醒 and /取消, and how reminders fire: once, late after downtime, missed when their event is over,
// held through quiet hours. A fake clock stands in for time.
#include <gtest/gtest.h>

#include "bot/core/zone.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "tests/support/chat_harness.hpp"
#include "tests/support/shanghai_time.hpp"

namespace jiaxiao::handlers::reminder {

namespace {
using testing::shanghai;

struct ReminderCommands : ::testing::Test {
  testing::ChatHarness chat;
  ReminderCommands() {
    chat.clock.set_ms(shanghai("2026-11-23", 10, 0));  // Monday
    store::Classes classes(chat.db.sql());
    const auto k = classes.create("三年级2班", 1);
    classes.link(chat.group, k.id, std::nullopt, 1);
    const auto wang = store::Members(chat.db.sql()).upsert({"onebot", "wang", "王老师"}, 1);
    store::Roles(chat.db.sql()).grant(wang, k.id, store::Role::teacher, "班主任", "test", 1);
  }
  std::size_t fire() { return chat.reminders().fire_due(chat.db); }
  std::vector<std::string> delivered() {
    std::vector<std::string> texts;
    for (const auto& item : chat.deliver()) texts.push_back(item.message.text);
    return texts;
  }
};
}  // namespace

TEST_F(ReminderCommands, AReminderIsEchoedWithItsNumberAndFiresOnceAtItsTime) {
  EXPECT_EQ(chat.reply("wang", "/提醒 明天下午3点 交作业"),
            "好的，#1 将在 11月24日（周二）15:00 提醒：交作业\n如需取消，发送 /取消 #1");
  EXPECT_EQ(fire(), 0u);
  chat.clock.set_ms(shanghai("2026-11-24", 14, 59));
  EXPECT_EQ(fire(), 0u);
  chat.clock.set_ms(shanghai("2026-11-24", 15, 0));
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(delivered(), std::vector<std::string>{"⏰ 提醒 #1：交作业"});
  EXPECT_EQ(fire(), 0u);  // exactly once
  EXPECT_TRUE(delivered().empty());
}

TEST_F(ReminderCommands, WrongUseGetsTheReasonAndTheUsageAndCreatesNothing) {
  EXPECT_EQ(chat.reply("wang", "/提醒 3点到5点 开会"), "请只写开始时间（不要写“3点到5点”这样的时间段）\n用法：/提醒 <时间> <内容>");
  EXPECT_EQ(chat.reply("wang", "/提醒 明天 开会"), "请写明几点提醒，例如：明天早上8点\n用法：/提醒 <时间> <内容>");
  EXPECT_EQ(chat.reply("wang", "/提醒 明天8点"), "请写提醒的内容，例如：/提醒 明天早上8点 带好体育用品\n用法：/提醒 <时间> <内容>");
  EXPECT_EQ(chat.reply("wang", "/提醒 昨天8点 开会"), "这个时间已经过去了：11月22日（周日）08:00\n用法：/提醒 <时间> <内容>");
  EXPECT_EQ(chat.reply("mom", "/提醒 明天8点 开会"), "只有班主任、任课教师、家委会主任或学校管理员可以使用 /提醒。");
  EXPECT_EQ(store::Reminders(chat.db.sql()).pending_count(), 0);
}

TEST_F(ReminderCommands, APushDueInQuietHoursWaitsUntilTheirEnd) {
  EXPECT_EQ(chat.reply("wang", "/提醒 今晚10点 早点睡"),
            "好的，#1 将在 11月23日（周一）22:00 提醒：早点睡\n（该时间在免打扰时段 21:30–07:30 内，将于 11月24日（周二）07:30 发出）\n如需取消，发送 /取消 #1");
  chat.clock.set_ms(shanghai("2026-11-23", 22, 0));
  EXPECT_EQ(fire(), 1u);
  EXPECT_TRUE(delivered().empty());
  chat.clock.set_ms(shanghai("2026-11-24", 7, 29));
  EXPECT_TRUE(delivered().empty());
  chat.clock.set_ms(shanghai("2026-11-24", 7, 30));
  EXPECT_EQ(delivered(), std::vector<std::string>{"⏰ 提醒 #1：早点睡"});
}

TEST_F(ReminderCommands, ATeachersPrivateReminderIsNotHeld) {
  const core::ChatRef private_chat{"onebot", core::ChatKind::private_chat, "wang"};
  EXPECT_NE(chat.reply("wang", "/提醒 今晚11点 备课", {}, &private_chat).find("#1"), std::string::npos);
  chat.clock.set_ms(shanghai("2026-11-23", 23, 0));
  fire();
  EXPECT_EQ(delivered(), std::vector<std::string>{"⏰ 提醒 #1：备课"});
}

TEST_F(ReminderCommands, OneThatFellDueWhileDownFiresLateWithANote) {
  chat.reply("wang", "/提醒 明天下午3点 交作业");
  chat.clock.set_ms(shanghai("2026-11-24", 17, 0));  // the service was down from before 15:00 until 17:00
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(delivered(), std::vector<std::string>{"⏰ 提醒 #1：交作业\n（原定 11月24日（周二）15:00，因服务中断延迟发送）"});
}

TEST_F(ReminderCommands, OneWhoseEventIsOverIsMarkedMissedAndItsCreatorTold) {
  chat.reply("wang", "/提醒 明天下午3点 家长会前准备");
  SQLite::Statement set_event(chat.db.sql(), "UPDATE reminders SET event_at = ?");
  set_event.bind(1, shanghai("2026-11-24", 16, 0));
  set_event.exec();
  chat.clock.set_ms(shanghai("2026-11-24", 18, 0));
  EXPECT_EQ(fire(), 1u);
  const auto items = chat.deliver();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].message.chat.kind, core::ChatKind::private_chat);
  EXPECT_EQ(items[0].message.chat.id, "wang");
  EXPECT_EQ(items[0].message.text, "#1 的一条提醒因服务中断未能按时发出，相关事项已经过去，不再补发。");
  EXPECT_EQ(store::Reminders(chat.db.sql()).find(1)->state, "missed");
}

TEST_F(ReminderCommands, ACrashBetweenFiringAndRecordingFiresItOnceLater) {
  chat.reply("wang", "/提醒 30分钟后 收作业");
  chat.clock.set_ms(shanghai("2026-11-23", 10, 30));
  // The process "dies" after the reminder was fired and its message queued, before the commit.
  EXPECT_THROW(chat.reminders().fire_for_test(chat.db, 1, [] { throw std::runtime_error("killed"); }),
               std::runtime_error);
  EXPECT_EQ(store::Reminders(chat.db.sql()).find(1)->state, "pending");
  EXPECT_TRUE(delivered().empty());
  EXPECT_EQ(fire(), 1u);  // after the restart
  EXPECT_EQ(delivered(), std::vector<std::string>{"⏰ 提醒 #1：收作业"});
  EXPECT_FALSE(chat.reminders().fire(chat.db, 1));
}

TEST_F(ReminderCommands, ManyRemindersFireInTimeOrder) {
  for (int i = 9; i >= 1; --i) chat.reply("wang", "/提醒 " + std::to_string(i * 10) + "分钟后 第" + std::to_string(i) + "条");
  chat.reply("wang", "/提醒 10分钟后 同时");
  chat.clock.set_ms(shanghai("2026-11-23", 12, 0));
  EXPECT_EQ(fire(), 10u);
  std::vector<std::string> contents;  // the first line after "：" (late ones carry a note below)
  for (const auto& text : delivered()) {
    const std::string first_line = text.substr(0, text.find('\n'));
    contents.push_back(first_line.substr(first_line.find("：") + 3));
  }
  EXPECT_EQ(contents, (std::vector<std::string>{"第1条", "同时", "第2条", "第3条", "第4条", "第5条", "第6条", "第7条",
                                                "第8条", "第9条"}));  // a tie goes by creation order
}

TEST_F(ReminderCommands, TheCreatorOrATeacherCancelsAndNothingFiresAfterwards) {
  const auto chen = store::Members(chat.db.sql()).upsert({"onebot", "chen", ""}, 1);
  store::Roles(chat.db.sql()).grant(chen, 1, store::Role::chair, "家委会主任", "test", 1);
  chat.reply("chen", "/提醒 明天8点 交班费");
  EXPECT_EQ(chat.reply("mom", "/取消 #1"), "只有 #1 的发起人、本班教师或学校管理员可以取消它。");
  EXPECT_EQ(chat.reply("wang", "/取消 #1"), "已取消 #1（交班费），相关提醒不再发送。");
  EXPECT_EQ(chat.reply("chen", "/取消 #1"), "#1 已经取消过了。");
  EXPECT_EQ(chat.reply("chen", "/取消 #7"), "没有 #7，请核对编号。");
  chat.clock.set_ms(shanghai("2026-11-24", 9, 0));
  EXPECT_EQ(fire(), 0u);
  EXPECT_TRUE(delivered().empty());
}

}  // namespace jiaxiao::handlers::reminder
