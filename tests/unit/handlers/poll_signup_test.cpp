// 投票 and 接龙 through the router with a fake clock.
#include <gtest/gtest.h>

#include "bot/app/export.hpp"
#include "handlers/poll/commands.hpp"
#include "store/signups.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/polls.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "tests/support/chat_harness.hpp"
#include "tests/support/shanghai_time.hpp"

namespace jiaxiao::handlers {

using testing::shanghai;

TEST(Ballot, ReadsNumbersAndNothingElse) {
  EXPECT_EQ(poll::read_ballot("2"), std::vector<int>{2});
  EXPECT_EQ(poll::read_ballot("1 3"), (std::vector<int>{1, 3}));
  EXPECT_EQ(poll::read_ballot("1,3"), (std::vector<int>{1, 3}));
  EXPECT_EQ(poll::read_ballot("1、3"), (std::vector<int>{1, 3}));
  EXPECT_FALSE(poll::read_ballot("+1"));
  EXPECT_FALSE(poll::read_ballot("1楼"));
  EXPECT_FALSE(poll::read_ballot(""));
  EXPECT_FALSE(poll::read_ballot("123"));
}

namespace {
struct PollsAndSignups : ::testing::Test {
  testing::ChatHarness chat;
  std::int64_t class_id = 0;
  PollsAndSignups() {
    chat.clock.set_ms(shanghai("2026-11-23", 10, 0));
    store::Classes classes(chat.db.sql());
    class_id = classes.create("三年级2班", 1).id;
    classes.link(chat.group, class_id, std::nullopt, 1);
    store::Members members(chat.db.sql());
    store::Roles(chat.db.sql()).grant(members.upsert({"onebot", "chen", ""}, 1), class_id, store::Role::chair,
                                      "家委会主任", "t", 1);
    store::Roster roster(chat.db.sql());
    const char* names[] = {"张小明", "李华", "王芳", "赵六"};
    for (int i = 0; i < 4; ++i) roster.add({0, class_id, names[i], std::to_string(i + 1), false, {}}, 1);
    bind("mom", "1", "妈妈");
    bind("dad", "1", "爸爸");
    bind("lima", "2", "妈妈");
    bind("wangma", "3", "妈妈");
  }
  void bind(const std::string& user, const std::string& number, const std::string& relation) {
    const auto member = store::Members(chat.db.sql()).upsert({"onebot", user, user}, 1);
    store::Roster roster(chat.db.sql());
    roster.bind(member, roster.by_number(class_id, number)->id, relation, 1);
  }
  bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
};
}  // namespace

TEST_F(PollsAndSignups, AnAnonymousPollTakesBareNumbersAndShowsCountsWithoutNames) {
  const auto posted = chat.say("chen", "/投票 春游去哪里 | 植物园 | 科技馆 | 动物园 匿名");
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_EQ(posted[0], "【投票 #1】春游去哪里\n1. 植物园\n2. 科技馆\n3. 动物园\n（匿名投票）\n请家长回复选项序号，例如“1”；每个孩子一票，可以改投。");
  EXPECT_TRUE(chat.say("mom", "2").empty());
  EXPECT_TRUE(chat.say("dad", "1").empty());  // the same child: the latest ballot replaces
  EXPECT_TRUE(chat.say("lima", "1").empty());
  const std::string results = chat.reply("chen", "/结果");
  EXPECT_EQ(results, "#1 投票：春游去哪里\n1. 植物园：2 票\n2. 科技馆：0 票\n3. 动物园：0 票\n已投 2/4\n（匿名投票：不显示谁投了什么）");
  EXPECT_TRUE(app::export_votes(chat.db, std::nullopt, std::nullopt, "Asia/Shanghai").rows.empty());
  EXPECT_EQ(app::export_polls(chat.db, std::nullopt, "Asia/Shanghai").rows[0]["counts"].dump(), "[2,0,0]");
}

TEST_F(PollsAndSignups, ANamedMultiChoicePollShowsNamesAndRefusesBadBallots) {
  chat.say("chen", "/投票 能参加哪几天 | 周六 | 周日 | 都不行 多选");
  EXPECT_EQ(chat.reply("mom", "4"), "没有第 4 项，请回复 1 到 3 之间的序号。");
  EXPECT_TRUE(chat.say("mom", "1 2").empty());
  EXPECT_EQ(chat.reply("lima", "/投 #1 1 2"), "已记录 #1 投票：1. 周六、2. 周日。");
  EXPECT_TRUE(chat.say("lima", "2").empty());  // the latest ballot replaces it
  EXPECT_EQ(chat.reply("chen", "/结果 #1"),
            "#1 投票：能参加哪几天\n1. 周六：1 票（张小明）\n2. 周日：2 票（张小明、李华）\n3. 都不行：0 票\n已投 2/4，未投：王芳、赵六");
  const auto votes = app::export_votes(chat.db, std::nullopt, 1, "Asia/Shanghai").rows;
  ASSERT_EQ(votes.size(), 2u);
  EXPECT_EQ(votes[0]["choices"].dump(), "[1,2]");
}

TEST_F(PollsAndSignups, BareNumbersNeedExactlyOneOpenPoll) {
  chat.say("chen", "/投票 午餐 | 米饭 | 面条");
  EXPECT_EQ(chat.reply("mom", "1 2"), "这是单选投票，请只写一个序号。");
  chat.say("chen", "/投票 校服 | 春装 | 秋装");
  // SPEC §2.1 rule 4: asked once, in one line, nothing recorded.
  EXPECT_EQ(chat.reply("mom", "1"), "你的回复还没有记下：现在有 2 项在等回复（#1 投票：午餐；#2 投票：校服），请带上编号再发一次，例如“1 #1”。");
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT count(*) FROM votes").getInt(), 0);
  EXPECT_EQ(chat.reply("mom", "/投 #1 2"), "已记录 #1 投票：2. 面条。");
  EXPECT_TRUE(contains(chat.reply("chen", "/结果 #1"), "2. 面条：1 票（张小明）"));
  EXPECT_EQ(chat.reply("stranger", "/投 #1 1"), "只有已绑定学生的家长或学校管理员可以使用 /投。");
}

TEST_F(PollsAndSignups, ZeroPaddedNumbersAreReadNotACrash) {
  // Issue 21: "#01" threw std::out_of_range in /投, 参加 and 接龙 (the tag was rebuilt as "#1" and not found).
  chat.say("chen", "/投票 午餐 | 米饭 | 面条");
  chat.say("chen", "/投票 校服 | 春装 | 秋装");
  EXPECT_EQ(chat.reply("mom", "/投 #01 2"), "已记录 #1 投票：2. 面条。");
  chat.say("chen", "/接龙 周六志愿者");
  EXPECT_EQ(chat.reply("lima", "接龙 #03 带水"), "【接龙 #3】周六志愿者（1 人）\n1. 李华妈妈 带水");
}

TEST_F(PollsAndSignups, ADeadlineBringsAReminderThenTheResults) {
  chat.say("chen", "/投票 家长会时间 | 周五 | 周六 截止:明天18:00");
  chat.say("mom", "1");
  chat.clock.set_ms(shanghai("2026-11-24", 16, 0));  // poll.remind_before 2h
  EXPECT_EQ(chat.reminders().fire_due(chat.db), 1u);
  const auto reminder = chat.deliver();
  ASSERT_EQ(reminder.size(), 1u);
  EXPECT_EQ(reminder[0].message.text,
            "【投票提醒 #1 投票】家长会时间 将于 11月24日（周二）18:00 截止，还有 3 个孩子的家长未投票：李华、王芳、赵六。");
  EXPECT_EQ(reminder[0].message.mentions, (std::vector<std::string>{"lima", "wangma"}));
  chat.clock.set_ms(shanghai("2026-11-24", 18, 0));
  EXPECT_EQ(chat.reminders().fire_due(chat.db), 1u);
  const auto results = chat.deliver();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(contains(results[0].message.text, "投票结果：#1 投票：家长会时间（已截止）\n1. 周五：1 票（张小明）"));
  // Closed: the ballot is not counted, and the sender is told (SPEC §2.1 rule 8).
  EXPECT_EQ(chat.reply("lima", "2"), "#1 投票 已截止，这一票没有计入。发送 /结果 #1 查看结果。");
  EXPECT_TRUE(contains(chat.reply("chen", "/结果 #1"), "2. 周六：0 票"));
}

TEST_F(PollsAndSignups, APollNeedsAQuestionAndTwoToTenDistinctOptions) {
  EXPECT_TRUE(contains(chat.reply("chen", "/投票 只有一个 | 选项"), "至少要有两个选项"));
  EXPECT_TRUE(contains(chat.reply("chen", "/投票 重复 | 甲 | 甲"), "选项重复：甲"));
  EXPECT_TRUE(contains(chat.reply("chen", "/投票 太多 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11"), "最多 10 个选项"));
  EXPECT_TRUE(contains(chat.reply("chen", "/投票 过期 | 甲 | 乙 截止:昨天"), "截止时间：这个时间已经过去了"));
  EXPECT_TRUE(store::Polls(chat.db.sql()).all(std::nullopt).empty());
}

TEST_F(PollsAndSignups, ASignupListCollectsPlusOnesPostsAtMostOnceAMinuteAndClosesWhenFull) {
  chat.say("chen", "/接龙 周六志愿者 上限:3");
  const auto first = chat.say("mom", "+1 可以带相机");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0], "【接龙 #1】周六志愿者（1 人，上限 3 人）\n1. 张小明妈妈 可以带相机");
  chat.clock.advance(std::chrono::seconds(10));
  EXPECT_TRUE(chat.say("lima", "接龙").empty());  // within the minute: batched
  EXPECT_EQ(chat.reply("dad", "-1"), "你不在 #1 接龙（周六志愿者）里。");
  chat.clock.advance(std::chrono::seconds(50));
  EXPECT_EQ(chat.reminders().fire_due(chat.db), 1u);
  const auto batched = chat.deliver();
  ASSERT_EQ(batched.size(), 1u);
  EXPECT_EQ(batched[0].message.text, "【接龙 #1】周六志愿者（2 人，上限 3 人）\n1. 张小明妈妈 可以带相机\n2. 李华妈妈");
  chat.clock.advance(std::chrono::minutes(2));
  EXPECT_EQ(chat.reply("wangma", "+1"), "【接龙 #1】周六志愿者（3 人，上限 3 人）\n1. 张小明妈妈 可以带相机\n2. 李华妈妈\n3. 王芳妈妈\n已满 3 人，接龙结束。");
  // Full: answered, not dropped (SPEC §2 /接龙).
  EXPECT_EQ(chat.reply("dad", "+1"), "#1 接龙（周六志愿者）已满 3 人，没有加入。");
  const auto rows = app::export_signups(chat.db, std::nullopt, 1, "Asia/Shanghai").rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["member"], "onebot:mom");
  EXPECT_EQ(rows[0]["note"], "可以带相机");
}

TEST_F(PollsAndSignups, LeavingAndTheDeadlinePostTheList) {
  chat.say("chen", "/接龙 班费 截止:今天18:00");
  chat.say("mom", "+1");
  chat.clock.advance(std::chrono::minutes(5));
  EXPECT_EQ(chat.say("mom", "-1"), std::vector<std::string>{"【接龙 #1】班费（0 人）"});
  chat.say("lima", "+1 已转账");
  chat.clock.set_ms(shanghai("2026-11-23", 18, 0));
  chat.reminders().fire_due(chat.db);
  const auto closing = chat.deliver();
  ASSERT_FALSE(closing.empty());
  EXPECT_EQ(closing.back().message.text, "【接龙 #1】班费（1 人）\n1. 李华妈妈 已转账\n接龙已截止。");
}

}  // namespace jiaxiao::handlers
