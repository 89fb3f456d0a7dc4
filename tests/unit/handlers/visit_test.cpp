// 家访: private-only, the register, coverage statistics and their exports.
#include <gtest/gtest.h>

#include "bot/app/export.hpp"
#include "handlers/visit/commands.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "store/visits.hpp"
#include "tests/support/chat_harness.hpp"
#include "tests/support/shanghai_time.hpp"

namespace jiaxiao::handlers::visit {

using testing::shanghai;

TEST(VisitFields, ReadInlineAndOnePerLineWithEitherColon) {
  auto inline_form = read_fields("张小明 昨天 形式:入户 类别:单亲家庭、学困生 内容:了解情况，沟通学习 意见：家长支持");
  EXPECT_EQ(inline_form.head, "张小明 昨天");
  EXPECT_EQ(inline_form.fields["形式"], "入户");
  EXPECT_EQ(inline_form.fields["类别"], "单亲家庭、学困生");
  EXPECT_EQ(inline_form.fields["内容"], "了解情况，沟通学习");
  EXPECT_EQ(inline_form.fields["意见"], "家长支持");
  auto lines = read_fields("李华\n形式：电话\n内容：沟通期中成绩\n后续：每周联系");
  EXPECT_EQ(lines.head, "李华");
  EXPECT_EQ(lines.fields["形式"], "电话");
  EXPECT_EQ(lines.fields["后续"], "每周联系");
  EXPECT_TRUE(read_fields("王芳 没有字段").fields.empty());
}

TEST(VisitPeriods, FollowTheConfiguredTerms) {
  config::Config config;  // 第一学期 09-01…01-31, 第二学期 02-01…07-31
  const auto autumn = current_period(config, shanghai("2026-11-23", 10, 0), false);
  EXPECT_EQ(autumn.label, "第一学期（2026-09-01 至 2027-01-31）");
  EXPECT_EQ(autumn.from_ms, shanghai("2026-09-01", 0, 0));
  EXPECT_EQ(autumn.to_ms, shanghai("2027-02-01", 0, 0));
  EXPECT_EQ(current_period(config, shanghai("2027-03-01", 10, 0), false).label, "第二学期（2027-02-01 至 2027-07-31）");
  EXPECT_EQ(current_period(config, shanghai("2027-03-01", 10, 0), true).label, "本学年（2026-09-01 至 2027-07-31）");
  EXPECT_EQ(school_year_terms(config, shanghai("2026-11-23", 10, 0)).size(), 2u);
}

namespace {
struct Visits : ::testing::Test {
  testing::ChatHarness chat;
  const core::ChatRef teacher_chat{"onebot", core::ChatKind::private_chat, "wang"};
  std::int64_t class_id = 0;
  Visits() {
    chat.clock.set_ms(shanghai("2026-11-23", 10, 0));
    store::Classes classes(chat.db.sql());
    class_id = classes.create("三年级2班", 1).id;
    classes.link(chat.group, class_id, std::nullopt, 1);
    const auto other = classes.create("五年级1班", 1).id;
    store::Members members(chat.db.sql());
    store::Roles(chat.db.sql()).grant(members.upsert({"onebot", "wang", ""}, 1), class_id, store::Role::teacher,
                                      "班主任", "t", 1);
    store::Roles(chat.db.sql()).grant(members.upsert({"onebot", "li", ""}, 1), other, store::Role::teacher,
                                      "班主任", "t", 1);
    store::Roster roster(chat.db.sql());
    roster.add({0, class_id, "张小明", std::string("1"), false, {}}, 1);
    roster.add({0, class_id, "李华", std::string("2"), false, {}}, 1);
    roster.add({0, class_id, "王芳", std::string("3"), true, {}}, 1);             // 新生
    roster.add({0, class_id, "赵六", std::string("4"), false, {"留守儿童"}}, 1);  // 必访
    roster.add({0, class_id, "刘洋", std::string("5"), false, {"特长生"}}, 1);
  }
  std::string say(const std::string& text) { return chat.reply("wang", text, {}, &teacher_chat); }
};
}  // namespace

TEST_F(Visits, TwoVisitsOfFiveGiveFortyPercentAndNameWhoIsMissing) {
  EXPECT_EQ(say("/家访 张小明 昨天 形式:入户 类别:学困生 情况:父母外出务工 内容:了解学习情况，建议固定作业时间 意见:家长支持 后续:每周电话沟通"),
            "已记录家访：张小明（三年级2班），2026年11月22日，入户\n类别：学困生\n情况：父母外出务工\n内容：了解学习情况，建议固定作业时间\n意见：家长支持\n后续：每周电话沟通");
  EXPECT_NE(say("/家访 李华\n形式：电话\n内容：沟通期中成绩").find("已记录家访：李华（三年级2班），2026年11月23日，电话"), std::string::npos);
  EXPECT_EQ(say("/家访统计"),
            "三年级2班 第一学期（2026-09-01 至 2027-01-31） 家访统计\n学生 5 人，已家访 2 人，覆盖率 40%\n入户 1 次；按形式：入户 1、电话 1\n"
            "按类别：学困生 1\n新生已访 0/1（目标 100%），未访：王芳\n必访学生未访：赵六（留守儿童）、刘洋（特长生）");
  const auto rows = app::export_visits(chat.db, std::nullopt, "Asia/Shanghai").rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["form"], "入户");
  EXPECT_EQ(rows[0]["content"], "了解学习情况，建议固定作业时间");  // Chinese punctuation kept
  const auto stats = app::export_visit_stats(chat.db, chat.config(), std::nullopt, chat.clock.now_ms()).rows;
  ASSERT_GE(stats.size(), 1u);
  EXPECT_EQ(stats[0]["coverage"], 40.0);
  EXPECT_EQ(stats[0]["in_home"], 1);
}

TEST_F(Visits, InAGroupEveryVisitCommandIsRefusedAndNothingIsKept) {
  for (const char* text : {"/家访 张小明 形式:入户 内容:x", "/家访计划 张小明 明天下午4点 目的:a 问题:b 内容:c", "/家访统计", "/家访记录 张小明"}) {
    EXPECT_EQ(chat.reply("wang", text), "家访信息涉及学生隐私，请私聊我") << text;
  }
  EXPECT_TRUE(store::Visits(chat.db.sql()).all(std::nullopt).empty());
}

TEST_F(Visits, MissingFieldsAreAskedForByName) {
  EXPECT_EQ(say("/家访 张小明 形式:入户"),
            "请补充：内容（形式：入户、电话、到校或线上）\n用法：/家访 <学生> [日期] 形式:<入户|电话|到校|线上> 类别:<…> 情况:… 内容:… 意见:… 后续:…");
  EXPECT_NE(say("/家访 张小明 形式:上门 内容:x").find("形式只能是：入户、电话、到校、线上。"), std::string::npos);
  EXPECT_NE(say("/家访 张小明 形式:入户 类别:调皮 内容:x").find("类别“调皮”不在可选类别中"), std::string::npos);
  EXPECT_NE(say("/家访 张小明 12月30日 形式:入户 内容:x").find("2025年12月30日"), std::string::npos);  // last year's
  EXPECT_NE(say("/家访计划 张小明 明天下午4点 目的:了解情况").find("请补充：问题、内容"), std::string::npos);
  EXPECT_TRUE(store::Visits(chat.db.sql()).of_student(1).size() == 1);
}

TEST_F(Visits, APlanRemindsTheTeacherAndBecomesTheRecord) {
  EXPECT_NE(say("/家访计划 赵六 明天下午4点 目的：了解生活情况 问题：留守，作业无人辅导 内容：与爷爷奶奶沟通").find("11月24日（周二）16:00"),
            std::string::npos);
  chat.clock.set_ms(shanghai("2026-11-23", 16, 0));  // the day before
  EXPECT_EQ(chat.reminders().fire_due(chat.db), 1u);
  EXPECT_EQ(chat.deliver().size(), 1u);
  chat.clock.set_ms(shanghai("2026-11-24", 15, 0));  // the hour before
  EXPECT_EQ(chat.reminders().fire_due(chat.db), 1u);
  const auto reminder = chat.deliver();
  ASSERT_EQ(reminder.size(), 1u);
  EXPECT_EQ(reminder[0].message.chat, teacher_chat);
  EXPECT_EQ(reminder[0].message.text.rfind("【家访提醒】11月24日（周二）16:00 家访 赵六", 0), 0u);
  chat.clock.set_ms(shanghai("2026-11-24", 17, 0));
  EXPECT_NE(say("/家访 赵六 形式:入户 内容:辅导作业").find("已对应 11月24日（周二）16:00 的家访计划"), std::string::npos);
  const auto visits = store::Visits(chat.db.sql()).of_student(4);
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(visits[1].purpose, "了解生活情况");
  EXPECT_EQ(visits[1].plan_id, visits[0].id);
}

TEST_F(Visits, ATeacherSeesOnlyTheirOwnClasses) {
  const core::ChatRef li_chat{"onebot", core::ChatKind::private_chat, "li"};
  EXPECT_EQ(chat.reply("li", "/家访 张小明 形式:入户 内容:x", {}, &li_chat), "你任教的班级里没有“张小明”。");
  EXPECT_EQ(chat.reply("li", "/家访统计 三年级2班", {}, &li_chat), "你不能查看“三年级2班”的家访统计（只能查看自己任教的班级）。");
  EXPECT_EQ(chat.reply("mom", "/家访统计", {}, &li_chat), "只有班主任、任课教师或学校管理员可以使用 /家访统计。");
}

}  // namespace jiaxiao::handlers::visit

namespace jiaxiao::handlers::visit {

TEST_F(Visits, TwoStudentsOfOneNameAreListedWithTheirNumbers) {
  store::Roster(chat.db.sql()).add({0, class_id, "张小明", std::string("6"), false, {}}, 1);
  EXPECT_EQ(say("/家访 张小明 昨天 形式:入户 内容:x"),
            "你任教的班级里有 2 位“张小明”：三年级2班 学号 1、三年级2班 学号 6。请在姓名后写学号，例如：张小明 1。");
}

}  // namespace jiaxiao::handlers::visit
