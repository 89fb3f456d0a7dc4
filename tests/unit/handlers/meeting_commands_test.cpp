// 家长会 / 开放日 / 家委会会议 through the router with a fake clock.
#include <gtest/gtest.h>

#include "bot/app/export.hpp"
#include "handlers/meeting/commands.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/meetings.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "tests/support/chat_harness.hpp"
#include "tests/support/shanghai_time.hpp"

namespace jiaxiao::handlers::meeting {

using testing::shanghai;

TEST(Rsvp, ReadsAttendanceWithPeopleAndLeaveWithAReason) {
  auto yes = read_rsvp("参加 2人");
  ASSERT_TRUE(yes);
  EXPECT_EQ(yes->answer, "参加");
  EXPECT_EQ(yes->people, 2);
  EXPECT_EQ(read_rsvp("参加两人")->people, 2);
  EXPECT_EQ(read_rsvp("参加")->people, 1);
  auto no = read_rsvp("请假 #3 孩子发烧");
  ASSERT_TRUE(no);
  EXPECT_EQ(no->answer, "请假");
  EXPECT_EQ(no->thread, 3);
  EXPECT_EQ(no->note, "孩子发烧");
  EXPECT_FALSE(read_rsvp("参加什么？"));
  EXPECT_FALSE(read_rsvp("要参加吗"));
}

TEST(Rsvp, TheWaysParentsSayTheyComeOrNot) {
  // Issue 22: these were silently ignored.
  for (const char* text : {"准时参加", "会参加", "我参加", "我会参加", "可以参加", "能参加"}) {
    const auto read = read_rsvp(text);
    ASSERT_TRUE(read) << text;
    EXPECT_EQ(read->answer, "参加") << text;
  }
  EXPECT_EQ(read_rsvp("我参加 2人")->people, 2);
  for (const auto& [text, note] : std::vector<std::pair<std::string, std::string>>{
           {"不能参加", ""}, {"不能参加，孩子奶奶住院", "孩子奶奶住院"}, {"来不了 出差", "出差"}, {"参加不了", ""}, {"不参加", ""},
           {"无法参加", ""}}) {
    const auto read = read_rsvp(text);
    ASSERT_TRUE(read) << text;
    EXPECT_EQ(read->answer, "请假") << text;
    EXPECT_EQ(read->note, note) << text;
  }
  EXPECT_FALSE(read_rsvp("能参加吗"));
}

namespace {
struct MeetingCommands : ::testing::Test {
  testing::ChatHarness chat;
  std::int64_t class_id = 0;
  MeetingCommands() {
    chat.clock.set_ms(shanghai("2026-11-23", 10, 0));
    store::Classes classes(chat.db.sql());
    class_id = classes.create("三年级2班", 1).id;
    classes.link(chat.group, class_id, std::nullopt, 1);
    store::Members members(chat.db.sql());
    store::Roles roles(chat.db.sql());
    roles.grant(members.upsert({"onebot", "wang", ""}, 1), class_id, store::Role::teacher, "班主任", "t", 1);
    roles.grant(members.upsert({"onebot", "chen", ""}, 1), class_id, store::Role::chair, "家委会主任", "t", 1);
    store::Roster roster(chat.db.sql());
    const char* names[] = {"张小明", "李华", "王芳", "赵六"};
    for (int i = 0; i < 4; ++i) roster.add({0, class_id, names[i], std::to_string(i + 1), false, {}}, 1);
    bind("mom", "1", "妈妈");
    bind("dad", "1", "爸爸");
    bind("lima", "2", "妈妈");
    bind("wangma", "3", "妈妈");
  }
  void bind(const std::string& user, const std::string& number, const std::string& relation) {
    const auto member = store::Members(chat.db.sql()).upsert({"onebot", user, ""}, 1);
    store::Roster roster(chat.db.sql());
    roster.bind(member, roster.by_number(class_id, number)->id, relation, 1);
  }
  std::size_t fire() { return chat.reminders().fire_due(chat.db); }
};
}  // namespace

TEST_F(MeetingCommands, ATwinsMothersHeadCountIsHerFamilysNotOnePerChild) {
  // Issue 22: "参加 2人" from the twins' mother gave "参加 3（5 人）… 张小明（2人）、张小红（2人）".
  bind("mom", "2", "妈妈");  // 张小明 and 李华 are her children here
  chat.say("wang", "/家长会 明天下午3点 三楼会议室");
  EXPECT_TRUE(chat.say("mom", "参加 2人").empty());
  EXPECT_TRUE(chat.say("wangma", "参加").empty());
  const std::string status = chat.reply("wang", "/参会");
  EXPECT_NE(status.find("参加 3（3 人）"), std::string::npos) << status;
  EXPECT_NE(status.find("参加：张小明、李华（2人）、王芳"), std::string::npos) << status;
}

TEST_F(MeetingCommands, AnInvitationEchoesTheTimeAndAnswersCountPerStudent) {
  const auto out = chat.say("wang", "/家长会 明天下午3点 三楼会议室 期中家长会");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0],
            "【家长会 #1】三年级2班\n时间：11月24日（周二）15:00\n地点：三楼会议室\n主题：期中家长会\n请家长回复“参加”（几人参加写“参加 2人”），不能参加请回复“请假 原因”。");
  EXPECT_TRUE(chat.say("mom", "参加").empty());
  EXPECT_TRUE(chat.say("dad", "参加 2人").empty());  // the same student: the latest answer replaces
  EXPECT_TRUE(chat.say("lima", "参加").empty());
  EXPECT_TRUE(chat.say("wangma", "请假 孩子发烧").empty());
  EXPECT_EQ(chat.reply("wang", "/参会"),
            "#1 家长会 11月24日（周二）15:00 三楼会议室\n参加 2（3 人）· 请假 1 · 未回复 1\n参加：张小明（2人）、李华\n"
            "请假：王芳\n请假原因不在群里显示。\n未回复：赵六");
  chat.say("lima", "请假 出差");
  EXPECT_NE(chat.reply("wang", "/参会 #1").find("参加 1（2 人）· 请假 2"), std::string::npos);
  chat.say("lima", "参加 #01 2人");  // zero-padded (issue 21: threw std::out_of_range)
  EXPECT_NE(chat.reply("wang", "/参会 #1").find("参加 2（4 人）· 请假 1"), std::string::npos) << chat.reply("wang", "/参会 #1");
  const auto rows = app::export_rsvps(chat.db, std::nullopt, 1, "Asia/Shanghai").rows;
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["answer"], "参加");
  EXPECT_EQ(rows[0]["people"], 2);
  EXPECT_EQ(rows[3]["answer"], "未回复");
}

TEST_F(MeetingCommands, AMeetingNeedsAnHourAndAPlace) {
  EXPECT_EQ(chat.reply("wang", "/家长会 明天 三楼"), "请写明几点开始，例如：明天下午3点\n用法：/家长会 <时间> <地点> [主题]");
  EXPECT_EQ(chat.reply("wang", "/家长会 明天下午3点"), "请写地点，例如：/家长会 明天下午3点 三楼会议室\n用法：/家长会 <时间> <地点> [主题]");
  EXPECT_EQ(chat.reply("mom", "/家长会 明天下午3点 三楼"), "只有班主任、任课教师或学校管理员可以使用 /家长会。");
  EXPECT_TRUE(store::Meetings(chat.db.sql()).all(std::nullopt).empty());
}

TEST_F(MeetingCommands, RemindersComeADayAndAnHourBeforeNamingWhoHasNotAnswered) {
  chat.say("wang", "/家长会 后天下午3点 三楼会议室");
  chat.say("mom", "参加");
  chat.clock.set_ms(shanghai("2026-11-24", 15, 0));  // 24h before
  EXPECT_EQ(fire(), 1u);
  auto reminder = chat.deliver();
  ASSERT_EQ(reminder.size(), 1u);
  EXPECT_EQ(reminder[0].message.text,
            "【家长会提醒 #1】家长会将于 11月25日（周三）15:00 在三楼会议室举行。\n尚未回复：李华、王芳、赵六。请家长回复“参加”（几人参加写“参加 2人”），不能参加请回复“请假 原因”。");
  EXPECT_EQ(reminder[0].message.mentions, (std::vector<std::string>{"lima", "wangma"}));
  chat.clock.set_ms(shanghai("2026-11-25", 14, 0));  // 1h before
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(chat.deliver().size(), 1u);
  EXPECT_EQ(store::Reminders(chat.db.sql()).pending_count(), 0);
}

TEST_F(MeetingCommands, NoReminderAfterACancel) {
  chat.say("wang", "/家长会 后天下午3点 三楼会议室");
  EXPECT_EQ(chat.reply("wang", "/取消 #1"), "已取消 #1（家长会），相关提醒不再发送。");
  chat.clock.set_ms(shanghai("2026-11-25", 14, 30));
  EXPECT_EQ(fire(), 0u);
  EXPECT_TRUE(chat.deliver().empty());
  EXPECT_TRUE(chat.say("mom", "参加").empty());
  EXPECT_TRUE(store::Meetings(chat.db.sql()).answers(1).empty());  // a cancelled meeting takes no answers
}

TEST_F(MeetingCommands, MinutesAppendWithAuthorAndTimeAreReadPrivatelyAndExported) {
  chat.say("wang", "/家长会 明天下午3点 三楼会议室");
  EXPECT_EQ(chat.reply("chen", "/会议记录 #1 通报期中考试情况"), "已记录 #1 家长会 的会议记录（共 1 条）。发送 /会议记录 #1 查看。");
  chat.clock.advance(std::chrono::minutes(5));
  const core::ChatRef wang{"onebot", core::ChatKind::private_chat, "wang"};
  EXPECT_EQ(chat.reply("wang", "/会议记录 #1 家长建议延长午休（约30分钟）", {}, &wang),
            "已记录 #1 家长会 的会议记录（共 2 条）。发送 /会议记录 #1 查看。");  // typed in private, not before parents
  EXPECT_EQ(chat.reply("wang", "/会议记录 #1"), "会议记录只在私聊里查看：请私聊我发送 /会议记录 #1。");
  EXPECT_EQ(chat.reply("wang", "/会议记录 #1", {}, &wang),
            "#1 家长会 会议记录（2 条）：\n1. chen 11月23日（周一）10:00：通报期中考试情况\n2. wang 11月23日（周一）10:05：家长建议延长午休（约30分钟）");
  EXPECT_EQ(chat.reply("mom", "/会议记录 #1 我也说两句"), "只有班主任、任课教师、家委会主任或学校管理员可以使用 /会议记录。");
  const auto rows = app::export_meetings(chat.db, std::nullopt, "Asia/Shanghai").rows;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["minutes"], "[2026-11-23T10:00:00+08:00 chen] 通报期中考试情况\n[2026-11-23T10:05:00+08:00 wang] 家长建议延长午休（约30分钟）");
  EXPECT_EQ(rows[0]["at"], "2026-11-24T15:00:00+08:00");
}

namespace {
/// Where the bot's own posts (not replies) went, in order: "group:987654321", "private:chen".
std::vector<std::string> post_targets(store::Database& db) {
  SQLite::Statement st(db.sql(),
                       "SELECT c.kind, c.platform_chat_id FROM messages m JOIN chats c ON c.id = m.chat_id "
                       "WHERE m.direction = 'out' AND m.reply_to IS NULL ORDER BY m.id");
  std::vector<std::string> targets;
  while (st.executeStep()) targets.push_back(st.getColumn(0).getString() + ":" + st.getColumn(1).getString());
  return targets;
}
}  // namespace

TEST_F(MeetingCommands, ACommitteeMeetingReachesOnlyTheCommitteeAndCountsItsMembers) {
  // SPEC §2.2 (issue 23): not the parents' group; privately to each chair and member when there is no 家委会 group.
  store::Roles(chat.db.sql()).grant(store::Members(chat.db.sql()).upsert({"onebot", "weiyuan", "刘委员"}, 1), class_id,
                                    store::Role::committee, "家委会委员", "t", 1);
  chat.say("chen", "/家委会会议 周五下午4点 家委办公室 讨论春游");
  EXPECT_EQ(post_targets(chat.db), (std::vector<std::string>{"private:chen", "private:weiyuan"}));
  chat.say("mom", "参加");  // a parent: not counted, the meeting is not theirs
  const core::ChatRef weiyuan{"onebot", core::ChatKind::private_chat, "weiyuan"};
  EXPECT_EQ(chat.reply("weiyuan", "请假 出差", {}, &weiyuan), "已记录 #1 家委会会议：请假。");
  chat.say("chen", "参加");
  const core::ChatRef chen{"onebot", core::ChatKind::private_chat, "chen"};
  EXPECT_EQ(chat.reply("chen", "/参会 #1", {}, &chen),
            "#1 家委会会议 11月27日（周五）16:00 家委办公室\n家委会 2 人：参加 1 · 请假 1 · 未回复 0\n参加：chen\n请假：weiyuan（出差）");
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT count(*) FROM rsvps").getInt(), 0);
}

TEST_F(MeetingCommands, ACommitteeGroupGetsTheCommitteeMeetingAndNoLettersToParents) {
  const core::ChatRef committee_group{"onebot", core::ChatKind::group, "555"};
  EXPECT_EQ(chat.reply("wang", "/班级 三年级2班 家委会", {}, &committee_group),
            "已将本群设为 三年级2班 的家委会群：家委会会议发到这里，告家长书、投票和接龙不发到这里。");
  chat.say("chen", "/家委会会议 周五下午4点 家委办公室");
  chat.say("wang", "/家长会 周五下午3点 三楼会议室");
  EXPECT_EQ(post_targets(chat.db), (std::vector<std::string>{"group:555", "group:987654321"}));
}

TEST_F(MeetingCommands, MineListsMeetingsWaitingForAnAnswer) {
  chat.say("wang", "/家长会 明天下午3点 三楼会议室");
  EXPECT_NE(chat.reply("dad", "/我的").find("待回复的会议：\n#1 家长会 11月24日（周二）15:00（张小明）"), std::string::npos);
  chat.say("mom", "参加");
  EXPECT_EQ(chat.reply("dad", "/我的").find("待回复的会议"), std::string::npos);
}

}  // namespace jiaxiao::handlers::meeting
