// How parents' replies are read (SPEC §2.1), through the router on a class group in its normal state: a
// letter, a 家长会, a poll and a sign-up open at once; twins' mother, a grandmother of two, a single father.
#include "handlers/replies.hpp"

#include <gtest/gtest.h>

#include "bot/app/export.hpp"
#include "store/classes.hpp"
#include "store/members.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "tests/support/chat_harness.hpp"
#include "tests/support/shanghai_time.hpp"

namespace jiaxiao::handlers {

namespace {

using testing::shanghai;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct ClassGroup {
  testing::ChatHarness chat;
  std::int64_t class_id = 0;
  const core::ChatRef console_group{"console", core::ChatKind::group, "class-3-2"};

  ClassGroup() {
    chat.clock.set_ms(shanghai("2026-11-23", 10, 0));
    store::Classes classes(chat.db.sql());
    class_id = classes.create("三年级2班", 1).id;
    classes.link(chat.group, class_id, std::nullopt, 1);
    classes.link(console_group, class_id, std::nullopt, 1);
    store::Members members(chat.db.sql());
    store::Roles roles(chat.db.sql());
    roles.grant(members.upsert({"onebot", "wang", "王老师"}, 1), class_id, store::Role::teacher, "班主任", "t", 1);
    roles.grant(members.upsert({"onebot", "chen", "陈主任"}, 1), class_id, store::Role::chair, "家委会主任", "t", 1);
    store::Roster roster(chat.db.sql());
    const char* names[] = {"张小明", "张小红", "李华", "李雷", "赵六", "王芳", "刘洋"};
    for (int i = 0; i < 7; ++i) roster.add({0, class_id, names[i], std::to_string(i + 1), false, {}}, 1);
    bind("twinma", "1", "妈妈");  // the twins' mother
    bind("twinma", "2", "妈妈");
    bind("nainai", "3", "奶奶");  // a grandmother of two
    bind("nainai", "4", "奶奶");
    bind("zhaoba", "5", "爸爸");  // a single father
    bind("wangma", "6", "妈妈");
    bind("chen", "7", "妈妈");    // the chair is a mother too
  }
  void bind(const std::string& user, const std::string& number, const std::string& relation) {
    const auto member = store::Members(chat.db.sql()).upsert({"onebot", user, user}, 1);
    store::Roster roster(chat.db.sql());
    roster.bind(member, roster.by_number(class_id, number)->id, relation, 1);
  }
  /// The normal state of a class group: #1 a letter, #2 a 家长会, #3 a poll, #4 a sign-up.
  void open_everything() {
    chat.say("wang", "/告家长书 期末安排\n1月20日放假，请家长按时接孩子。");
    chat.say("wang", "/家长会 12月4日15:30 三楼会议室 期末家长会");
    chat.say("chen", "/投票 元旦联欢会的午餐 | 米饭 | 面条");
    chat.say("chen", "/接龙 周六志愿者");
    chat.deliver();
  }
  int count(const std::string& sql) { return chat.db.sql().execAndGet(sql).getInt(); }
  std::string text(const std::string& sql) { return chat.db.sql().execAndGet(sql).getString(); }
  std::int64_t member(const std::string& user) {
    return store::Members(chat.db.sql()).upsert({"onebot", user, user}, chat.clock.now_ms());
  }
  /// The platform id of the bot's message about #thread in the QQ group (to quote it).
  std::string posted(std::int64_t thread) {
    SQLite::Statement st(chat.db.sql(),
                         "SELECT m.platform_message_id FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.direction = 'out' "
                         "AND m.thread = ? AND c.platform = 'onebot' AND c.kind = 'group' ORDER BY m.id LIMIT 1");
    st.bind(1, thread);
    EXPECT_TRUE(st.executeStep());
    return st.getColumn(0).getString();
  }

  /// What a message came to, read back from the database: "ack", "ack+提问", "参加2", "请假", "vote:[1]",
  /// "join:备注", "leave", "ask" (asked which, nothing kept), "none"; several joined with "+".
  std::string outcome_of(const std::string& user, const std::string& said) {
    const auto before_acks = count("SELECT count(*) FROM acks");
    const auto replies = chat.say(user, said);
    std::vector<std::string> found;
    if (count("SELECT count(*) FROM acks") > before_acks) found.push_back("ack");
    if (count("SELECT count(*) FROM questions") > 0) found.push_back("提问");
    SQLite::Statement rsvp(chat.db.sql(), "SELECT answer, people FROM rsvps LIMIT 1");
    if (rsvp.executeStep())
      found.push_back(rsvp.getColumn(0).getString() + (rsvp.getColumn(0).getString() == "参加" ? std::to_string(rsvp.getColumn(1).getInt()) : ""));
    SQLite::Statement vote(chat.db.sql(), "SELECT choices FROM votes LIMIT 1");
    if (vote.executeStep()) found.push_back("vote:" + vote.getColumn(0).getString());
    SQLite::Statement entry(chat.db.sql(), "SELECT note FROM signup_entries LIMIT 1");
    if (entry.executeStep()) found.push_back("join:" + entry.getColumn(0).getString());
    if (found.empty()) {
      for (const auto& r : replies) {
        if (r.starts_with("你的回复还没有记下") || r.starts_with("你回复的“1”还没有记下")) return "ask";
      }
      return "none";
    }
    return core::join(found, "+");
  }
};

struct Replies : ::testing::Test, ClassGroup {};

}  // namespace

// ---- the table: what parents in Chinese class groups actually type --------------------------------

struct ParentReply {
  const char* said;
  const char* outcome;
};

TEST(RepliesTable, WhatParentsTypeLandsWhereTheyMeantIt) {
  // Every case on a fresh class with a letter, a 家长会, a poll and a sign-up open, from 王芳's mother.
  const ParentReply cases[] = {
      // acknowledgements
      {"收到", "ack"}, {"收到！", "ack"}, {"收到。", "ack"}, {"已收到", "ack"}, {"收到了", "ack"}, {"收悉", "ack"},
      {"已阅", "ack"}, {"已读", "ack"}, {"知道了", "ack"}, {"已知悉", "ack"}, {"好的", "ack"}, {"好滴", "ack"},
      {"好嘞", "ack"}, {"嗯嗯", "ack"}, {"嗯", "ack"}, {"明白", "ack"}, {"明白了", "ack"}, {"ok", "ack"}, {"OK", "ack"},
      {"ＯＫ", "ack"}, {"[OK]", "ack"}, {"👌", "ack"}, {"👍🏻", "ack"}, {"✅", "ack"}, {"[抱拳]收到", "ack"}, {"[强]", "ack"},
      {"收到收到", "ack"}, {"好的收到", "ack"}, {"谢谢老师，收到", "ack"}, {"老师辛苦了，收到", "ack"},
      {"收到，谢谢老师！", "ack"}, {"已读，谢谢", "ack"}, {"收到👍", "ack"}, {"收到，孩子这周在外婆家", "ack"},
      {"收到 #1", "ack"}, {"＃1 收到", "ack"}, {"/收到", "ack"},
      // an ack that asks
      {"收到，请问31号几点放学？", "ack+提问"}, {"好的，请问放假那天要接吗", "ack+提问"},
      // not acknowledgements
      {"收到了吗？", "none"}, {"收到了吗", "none"}, {"没收到", "none"}, {"未收到", "none"}, {"收到没", "none"},
      {"谢谢老师", "none"}, {"老师辛苦了", "none"}, {"大家好", "none"}, {"请问明天要穿校服吗？", "none"},
      {"哈哈哈", "none"}, {"🌹", "none"}, {"嗯，我也觉得", "none"}, {"老师，孩子今天有点咳嗽", "none"},
      // RSVPs: one 家长会 is open
      {"参加", "参加1"}, {"参加 2人", "参加2"}, {"参加两人", "参加2"}, {"准时参加", "参加1"}, {"会参加", "参加1"},
      {"我参加", "参加1"}, {"我会参加", "参加1"}, {"可以参加", "参加1"}, {"好的，准时参加", "参加1"},
      {"收到，我参加", "参加1"}, {"参加 #2", "参加1"}, {"请假", "请假"}, {"请假 孩子发烧", "请假"},
      {"不能参加，出差", "请假"}, {"来不了", "请假"}, {"参加不了", "请假"}, {"参加吗？", "none"}, {"要参加吗", "none"},
      // ballots: a letter awaits the family and a poll is open, so a bare 1 is asked about
      {"1", "ask"}, {"扣1", "ask"}, {"2", "vote:2"}, {"1 #3", "vote:1"}, {"#3 2", "vote:2"}, {"1 2", "none"},
      // sign-ups
      {"+1", "join:"}, {"+1 可以带相机", "join:可以带相机"}, {"接龙", "join:"}, {"接龙 布置教室", "join:布置教室"},
      {"-1", "none"}, {"#接龙\n周六志愿者\n\n1. 王芳妈妈 布置教室（拍照）", "join:布置教室（拍照）"},
  };
  ASSERT_GE(std::size(cases), 60u);
  for (const auto& c : cases) {
    ClassGroup group;
    group.open_everything();
    EXPECT_EQ(group.outcome_of("wangma", c.said), c.outcome) << c.said;
  }
}

// ---- each finding of issue 22 -----------------------------------------------------------------------

TEST_F(Replies, AnAckWordBeforeAnRsvpIsAnRsvpNotAnAckWithAComment) {
  open_everything();
  chat.say("wangma", "好的，准时参加");
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 0);
  EXPECT_EQ(text("SELECT answer FROM rsvps"), "参加");
}

TEST_F(Replies, TwoMeetingsOpenAndABareRsvpIsAskedOnceThenTheNumberedAnswerCounts) {
  open_everything();
  chat.say("chen", "/家委会会议 12月2日19:00 线上");  // #5; the chair answers committee meetings
  const auto asked = chat.say("chen", "参加");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], "你的回复还没有记下：现在有 2 项在等回复（#2 家长会（12月4日（周五）15:30）；#5 家委会会议（12月2日（周三）19:00）），"
                      "请带上编号再发一次，例如“参加 #2”。");
  EXPECT_EQ(count("SELECT count(*) FROM rsvps"), 0);
  chat.say("chen", "参加 #2");
  EXPECT_EQ(count("SELECT count(*) FROM rsvps WHERE meeting = 2"), 1);
  // Parents who are not on the committee are not asked about its meeting: a bare 参加 is the 家长会.
  chat.say("wangma", "参加");
  EXPECT_EQ(count("SELECT count(*) FROM rsvps WHERE meeting = 2"), 2);
}

TEST_F(Replies, TheTwinsMothersHeadCountIsTheFamilysNotPerChild) {
  open_everything();
  chat.say("twinma", "参加 2人");
  const std::string status = chat.reply("wang", "/参会 #2");
  EXPECT_TRUE(contains(status, "参加 2（2 人）")) << status;
  EXPECT_TRUE(contains(status, "张小明、张小红（2人）")) << status;
}

TEST_F(Replies, AnAckWithAQuestionCountsAndTheQuestionGoesToTheTeacherPrivately) {
  open_everything();
  const auto replies = chat.say("nainai", "收到，请问31号几点放学？");
  EXPECT_EQ(count("SELECT count(*) FROM acks WHERE notice = 1"), 2);  // both grandchildren
  std::vector<store::OutboxItem> none;
  bool teacher_told = false, grandmother_told = false;
  SQLite::Statement st(chat.db.sql(),
                       "SELECT c.kind, c.platform_chat_id, m.text FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.direction = 'out' "
                       "ORDER BY m.id DESC LIMIT 2");
  while (st.executeStep()) {
    const std::string kind = st.getColumn(0).getString(), chat_id = st.getColumn(1).getString(), said = st.getColumn(2).getString();
    EXPECT_EQ(kind, "private");  // nothing of it in the group
    if (chat_id == "wang") {
      EXPECT_EQ(said, "【家长提问 #1《期末安排》】李华（奶奶）、李雷（奶奶）：请问31号几点放学？");
      teacher_told = true;
    }
    if (chat_id == "nainai") {
      EXPECT_EQ(said, "已回执 #1《期末安排》（李华、李雷）。\n你的问题已转给老师（#1《期末安排》），老师会尽快答复。");
      grandmother_told = true;
    }
  }
  EXPECT_TRUE(teacher_told);
  EXPECT_TRUE(grandmother_told);
  // The question is kept, not a comment, and the reminder no longer names her grandchildren.
  EXPECT_EQ(text("SELECT group_concat(comment, '') FROM acks"), "");
  EXPECT_FALSE(contains(chat.reply("wang", "/回执 #1"), "请问31号")) << "the group view shows no question";
  // The teacher's report at the deadline (private) lists it.
  chat.clock.set_ms(shanghai("2026-11-24", 10, 1));
  chat.reminders().fire_due(chat.db);
  bool in_report = false;
  for (const auto& item : chat.deliver()) {
    if (!contains(item.message.text, "回执已截止")) continue;
    EXPECT_EQ(item.message.chat.kind, core::ChatKind::private_chat);
    in_report = contains(item.message.text, "家长提问：\n李华、李雷（奶奶）：请问31号几点放学？");
  }
  EXPECT_TRUE(in_report);
}

TEST_F(Replies, TwoOpenLettersAndOneAckAcknowledgeBothForThatFamily) {
  open_everything();
  chat.say("wang", "/告家长书 安全教育\n请家长关注孩子上下学安全。");  // #5
  chat.say("zhaoba", "收到");
  EXPECT_EQ(count("SELECT count(*) FROM acks WHERE member_id = " + std::to_string(member("zhaoba"))), 2);
}

TEST_F(Replies, ABareOneWithAPollAndALetterOpenIsAskedAndWithOnlyALetterIsAnAck) {
  open_everything();
  const auto asked = chat.say("zhaoba", "1");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], "你回复的“1”还没有记下：现在既有告家长书等回执，又有投票（#1 《期末安排》；#3 投票：元旦联欢会的午餐）。"
                      "回执请回复“收到”，投票请回复“1 #3”。");
  EXPECT_EQ(count("SELECT count(*) FROM acks") + count("SELECT count(*) FROM votes"), 0);
  chat.say("chen", "/取消 #3");
  chat.say("zhaoba", "扣1");
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM votes"), 0);
}

TEST_F(Replies, ABareOneWithOnlyAPollOpenIsABallot) {
  chat.say("chen", "/投票 元旦联欢会的午餐 | 米饭 | 面条");
  chat.say("zhaoba", "1");
  EXPECT_EQ(text("SELECT choices FROM votes"), "1");
}

TEST_F(Replies, ThePoliteAndEmojiWaysOfSayingReceivedAllCount) {
  open_everything();
  const char* users[] = {"twinma", "nainai", "zhaoba", "wangma", "chen"};
  const char* said[] = {"谢谢老师，收到", "老师辛苦了，收到", "[抱拳]收到", "收悉", "[OK]"};
  for (int i = 0; i < 5; ++i) chat.say(users[i], said[i]);
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 7/7"));
}

TEST_F(Replies, APastedWeChatListJoinsTheSenderWithTheirNewLineAsTheNote) {
  open_everything();
  chat.say("zhaoba", "+1 搬桌椅");
  chat.clock.advance(std::chrono::minutes(2));
  chat.say("nainai", "#接龙\n周六志愿者\n\n1. 赵六爸爸 搬桌椅\n2. 李华、李雷奶奶 布置教室（拍照）");
  EXPECT_EQ(text("SELECT note FROM signup_entries WHERE member_id = " + std::to_string(member("nainai"))), "布置教室（拍照）");
  // The bot's own list pasted back with a line added works the same, #N and all.
  chat.clock.advance(std::chrono::minutes(2));
  chat.say("wangma", "【接龙 #4】周六志愿者（2 人）\n1. 赵六爸爸 搬桌椅\n2. 李华、李雷奶奶 布置教室（拍照）\n3. 王芳妈妈");
  EXPECT_EQ(count("SELECT count(*) FROM signup_entries"), 3);
}

TEST_F(Replies, InAPrivateChatNumberedAnswersAreConfirmed) {
  open_everything();
  const core::ChatRef mine{"onebot", core::ChatKind::private_chat, "zhaoba"};
  EXPECT_EQ(chat.reply("zhaoba", "/参加 #2", {}, &mine), "已记录 #2 家长会：参加 1 人（赵六）。");
  EXPECT_EQ(chat.reply("zhaoba", "收到 #1", {}, &mine), "已回执 #1《期末安排》（赵六）。");
  EXPECT_EQ(chat.reply("zhaoba", "收到 #2", {}, &mine), "#2 是“家长会”，参加请回复“参加 #2”，不能参加请回复“请假 #2 原因”。");
  EXPECT_EQ(chat.reply("zhaoba", "收到 #99", {}, &mine), "没有找到 #99，请核对编号。");
}

TEST_F(Replies, ALateAckIsKeptMarkedLateAndTheSenderIsTold) {
  open_everything();
  chat.clock.set_ms(shanghai("2026-11-24", 10, 1));  // the letter's deadline was 10:00
  chat.reminders().fire_due(chat.db);
  chat.deliver();
  const auto told = chat.say("zhaoba", "收到 #1");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0], "#1《期末安排》 已于 11月24日（周二）10:00 截止，你的回执已记下，标为逾期（赵六）。");
  const auto rows = app::export_acks(chat.db, std::nullopt, 1, "Asia/Shanghai").rows;
  bool late = false;
  for (const auto& row : rows) late = late || (row["acked"] == true && row["late"] == true);
  EXPECT_TRUE(late);
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 1/7（其中逾期 1）"));
  // A bare 收到 the next day lands on the letter just closed, the same way.
  chat.clock.advance(std::chrono::hours(24));
  chat.say("wangma", "收到");
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1"), "已回执 2/7（其中逾期 2）"));
}

TEST_F(Replies, AQuoteOfTheLetterAcknowledgesItAndAQuotedQuestionIsPassedOn) {
  open_everything();
  chat.say("wang", "/告家长书 安全教育\n请家长关注孩子上下学安全。");  // #5
  chat.deliver();
  chat.quote_next = posted(1);
  chat.say("zhaoba", "好的");
  EXPECT_EQ(count("SELECT count(*) FROM acks WHERE notice = 1"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM acks WHERE notice = 5"), 0);
  chat.quote_next = posted(5);
  chat.say("wangma", "放学时间有变化吗？");
  EXPECT_EQ(count("SELECT count(*) FROM questions WHERE thread = 5"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM acks WHERE notice = 5"), 0);  // a question alone is no ack
}

TEST_F(Replies, AnUnboundMemberIsToldPrivatelyOnceAndAStrangersChatterStaysUnanswered) {
  open_everything();
  const auto first = chat.say("stranger", "收到");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].starts_with("你的回复还没有计入：请先绑定孩子")) << first[0];
  EXPECT_TRUE(chat.say("stranger", "参加").empty());  // once per class
  EXPECT_TRUE(chat.say("stranger", "大家好").empty());
  EXPECT_EQ(count("SELECT count(*) FROM acks") + count("SELECT count(*) FROM rsvps"), 0);
  // In a group of no class, nothing at all.
  const core::ChatRef elsewhere{"onebot", core::ChatKind::group, "111"};
  EXPECT_TRUE(chat.say("stranger2", "收到", {}, &elsewhere).empty());
}

TEST_F(Replies, TextIsKeptAsTyped) {
  chat.say("wang", "/告家长书 元旦放假（12月31日）通知\n12月31日（周四）起放假。");
  chat.say("chen", "/投票 周六上午合适？ | 合适 | 不合适");
  chat.say("chen", "/接龙 周六志愿者（布置教室、拍照）");
  chat.say("wangma", "收到，孩子咳嗽，在家观察");
  chat.say("zhaoba", "+1 我带相机（单反）");
  EXPECT_EQ(text("SELECT title FROM notices"), "元旦放假（12月31日）通知");
  EXPECT_EQ(text("SELECT question FROM polls"), "周六上午合适？");
  EXPECT_EQ(text("SELECT title FROM signups"), "周六志愿者（布置教室、拍照）");
  EXPECT_EQ(text("SELECT comment FROM acks"), "孩子咳嗽，在家观察");
  EXPECT_EQ(text("SELECT note FROM signup_entries"), "我带相机（单反）");
}

TEST(AsksQuestion, QuestionMarksMaAndQingwen) {
  EXPECT_TRUE(asks_question("几点放学?"));
  EXPECT_TRUE(asks_question("要带什么吗"));
  EXPECT_TRUE(asks_question("请问几点放学"));
  EXPECT_FALSE(asks_question("孩子咳嗽,在家观察"));
}

}  // namespace jiaxiao::handlers

namespace jiaxiao::handlers {

// SPEC §2.2: status with names in a private chat too, and only there with what is private.
TEST_F(Replies, ATeacherChecksStatusPrivatelyWithCommentsAndTheGroupSeesNamesOnly) {
  open_everything();
  chat.say("wangma", "收到，孩子今天有点咳嗽");
  chat.say("zhaoba", "请假 出差");
  const core::ChatRef wang{"onebot", core::ChatKind::private_chat, "wang"};
  const std::string mine = chat.reply("wang", "/回执 #1", {}, &wang);
  EXPECT_TRUE(contains(mine, "王芳（妈妈）：孩子今天有点咳嗽")) << mine;
  EXPECT_TRUE(contains(mine, "未回执（6 人）")) << mine;
  const std::string in_group = chat.reply("wang", "/回执 #1");
  EXPECT_FALSE(contains(in_group, "咳嗽")) << in_group;
  EXPECT_TRUE(contains(in_group, "未回执（6 人）")) << in_group;
  EXPECT_TRUE(contains(chat.reply("wang", "/回执", {}, &wang), "#1《期末安排》"));  // the teacher's only class
  EXPECT_TRUE(contains(chat.reply("wang", "/名单 三年级2班", {}, &wang), "三年级2班名单"));
  EXPECT_EQ(chat.reply("wang", "/回执 #2", {}, &wang), "#2 是“家长会”，不是本班的告家长书。");
  // The chair reads leave reasons privately; a parent gets no status at all.
  const core::ChatRef chen{"onebot", core::ChatKind::private_chat, "chen"};
  EXPECT_TRUE(contains(chat.reply("chen", "/参会 #2", {}, &chen), "出差"));
  EXPECT_FALSE(contains(chat.reply("chen", "/参会 #2"), "出差"));
  const core::ChatRef zhao{"onebot", core::ChatKind::private_chat, "zhaoba"};
  EXPECT_EQ(chat.reply("zhaoba", "/回执 #1", {}, &zhao), "只有班主任、任课教师或学校管理员可以使用 /回执。");
}

TEST_F(Replies, ATeacherOfTwoClassesNamesTheClassInPrivate) {
  open_everything();
  store::Classes classes(chat.db.sql());
  const auto other = classes.create("五年级1班", 1).id;
  store::Roles(chat.db.sql()).grant(member("wang"), other, store::Role::teacher, "任课教师", "t", 1);
  const core::ChatRef wang{"onebot", core::ChatKind::private_chat, "wang"};
  EXPECT_EQ(chat.reply("wang", "/回执", {}, &wang), "请写明班级，例如：/回执 三年级2班（你的班级：三年级2班、五年级1班）");
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 三年级2班", {}, &wang), "#1《期末安排》"));
  EXPECT_TRUE(contains(chat.reply("wang", "/回执 #1", {}, &wang), "#1《期末安排》"));
  EXPECT_EQ(chat.reply("wang", "/回执 五年级1班", {}, &wang), "本班还没有发过告家长书。");
}

TEST_F(Replies, ACommitteeMemberRunsPollsAndSignupsAndSeesResults) {
  store::Roles(chat.db.sql()).grant(member("weiyuan"), class_id, store::Role::committee, "家委会委员", "t", 1);
  EXPECT_TRUE(contains(chat.say("weiyuan", "/投票 春游地点 | 植物园 | 动物园").back(), "已发出投票 #1"));
  EXPECT_TRUE(contains(chat.say("weiyuan", "/接龙 周六志愿者").back(), "已发起接龙 #2"));
  chat.say("zhaoba", "2");
  EXPECT_TRUE(contains(chat.reply("weiyuan", "/结果 #1"), "2. 动物园：1 票（赵六）"));
}

}  // namespace jiaxiao::handlers

namespace jiaxiao::handlers {

TEST_F(Replies, AfterTheCloseAnOkBetweenParentsIsNoLateAck) {
  open_everything();
  chat.clock.set_ms(shanghai("2026-11-24", 10, 1));
  chat.reminders().fire_due(chat.db);
  chat.deliver();
  EXPECT_TRUE(chat.say("zhaoba", "好的").empty());
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 0);
  chat.say("zhaoba", "收到");
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 1);
}

}  // namespace jiaxiao::handlers
