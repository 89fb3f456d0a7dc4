// /班级 /角色 /名单 /绑定 /解绑 /我的 through the router, as a class group would use them.
#include <gtest/gtest.h>

#include "handlers/roster/commands.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "tests/support/chat_harness.hpp"

namespace jiaxiao::handlers::roster {

namespace {
config::Config with_admin() {
  config::Config c;
  c.admins = {"onebot:admin"};
  c.roster.max_guardians = 2;
  c.roster.binding = decltype(c.roster.binding)::open;  // the mechanics of binding; approval has its own tests
  return c;
}

struct RosterCommands : ::testing::Test {
  testing::ChatHarness chat{with_admin()};

  bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
  std::int64_t class_id() { return store::Classes(chat.db.sql()).find("三年级2班")->id; }
  void add_student(const std::string& name, const std::string& number) {
    store::Roster(chat.db.sql()).add({0, class_id(), name, number, false, {}}, 1);
  }
  /// Admin links the group, makes "wang" 班主任, and the roster has four students (two 张小明).
  void set_up_class() {
    ASSERT_TRUE(contains(chat.reply("admin", "/班级 三年级2班"), "已将本群关联到 三年级2班（新建班级）"));
    ASSERT_TRUE(contains(chat.reply("admin", "/角色 班主任", {"wang"}), "设为三年级2班的班主任"));
    add_student("张小明", "1");
    add_student("李华", "2");
    add_student("王芳", "3");
    add_student("张小明", "4");
  }
  std::size_t roles_in_class() { return store::Roles(chat.db.sql()).list(class_id()).size(); }
};
}  // namespace

TEST_F(RosterCommands, AnAdminLinksTheGroupAndTheClassIsCreated) {
  EXPECT_EQ(chat.reply("admin", "/班级 三年级2班"),
            "已将本群关联到 三年级2班（新建班级）。\n家长请发送“/绑定 孩子姓名 关系”绑定孩子，例如：/绑定 张小明 妈妈");
  EXPECT_EQ(store::Classes(chat.db.sql()).class_of(chat.group)->name, "三年级2班");
  EXPECT_EQ(chat.reply("admin", "/班级 三年级2班"), "本群已关联 三年级2班。");
  EXPECT_EQ(chat.reply("admin", "/班级"), "本群关联的班级是 三年级2班。");
}

TEST_F(RosterCommands, AParentCannotLinkAGroupAndACommandInAnUnlinkedGroupSaysToLinkFirst) {
  EXPECT_EQ(chat.reply("mom", "/班级 三年级2班"), "只有班主任、任课教师或学校管理员可以使用 /班级。");
  EXPECT_EQ(chat.reply("mom", "/绑定 张小明 妈妈"),
            "本群还没有关联班级。请班主任或学校管理员先发送 /班级 班级名，例如：/班级 三年级2班");
  EXPECT_TRUE(store::Classes(chat.db.sql()).all().empty());
}

TEST_F(RosterCommands, ATeacherLinksANewGroupOnlyToTheirOwnClass) {
  set_up_class();
  store::Classes(chat.db.sql()).create("五年级1班", 1);
  const core::ChatRef second{"onebot", core::ChatKind::group, "555"};
  EXPECT_EQ(chat.reply("wang", "/班级 五年级1班", {}, &second), "只有五年级1班的班主任、任课教师或学校管理员可以把本群关联到五年级1班。");
  EXPECT_EQ(chat.reply("wang", "/班级 六年级9班", {}, &second), "还没有“六年级9班”这个班级。请学校管理员在本群发送 /班级 六年级9班 创建并关联。");
  EXPECT_TRUE(contains(chat.reply("wang", "/班级 三年级2班", {}, &second), "已将本群关联到 三年级2班。"));
  EXPECT_EQ(store::Classes(chat.db.sql()).chats(class_id()).size(), 2u);
  EXPECT_EQ(chat.reply("wang", "/班级 五年级1班"), "只有五年级1班的班主任、任课教师或学校管理员可以把本群关联到五年级1班。");
}

TEST_F(RosterCommands, AParentsRoleCommandIsRefusedAndNoRoleChanges) {
  set_up_class();
  const auto before = roles_in_class();
  EXPECT_EQ(chat.reply("mom", "/角色 班主任", {"mom"}), "只有班主任、任课教师或学校管理员可以使用 /角色。");
  EXPECT_EQ(roles_in_class(), before);
}

TEST_F(RosterCommands, ATeacherGrantsAndRevokesRolesByMention) {
  set_up_class();
  EXPECT_EQ(chat.reply("wang", "/角色 家委会主任", {"chen"}), "已将 chen 设为三年级2班的家委会主任。");
  EXPECT_TRUE(store::Roles(chat.db.sql()).holds(*store::Members(chat.db.sql()).find("onebot", "chen"),
                                                class_id(), store::Role::chair));
  EXPECT_EQ(chat.reply("wang", "/角色 取消", {"chen"}), "已取消 chen 在三年级2班的角色。");
  EXPECT_EQ(chat.reply("wang", "/角色 校长", {"chen"}),
            "没有“校长”这个角色；可选：班主任、教师、家委会主任、家委会委员。\n用法：/角色 <@成员> <班主任|教师|家委会主任|家委会委员|取消>");
  EXPECT_TRUE(contains(chat.reply("wang", "/角色 教师"), "请 @ 要设置角色的成员。"));
}

TEST_F(RosterCommands, AParentBindsAndBindingAgainUpdatesTheRelation) {
  set_up_class();
  EXPECT_EQ(chat.reply("mom", "/绑定 李华 妈妈"), "已绑定：你是 李华（三年级2班）的妈妈。");
  EXPECT_EQ(chat.reply("mom", "/绑定 李华 其他"), "已更新：你是 李华（三年级2班）的其他。");
  EXPECT_EQ(store::Roster(chat.db.sql()).guardians(store::Roster(chat.db.sql()).by_number(class_id(), "2")->id).size(), 1u);
}

TEST_F(RosterCommands, TwoStudentsOfOneNameNeedTheNumber) {
  set_up_class();
  EXPECT_EQ(chat.reply("mom", "/绑定 张小明 妈妈"), "三年级2班有 2 位“张小明”，请加上学号，例如：/绑定 张小明 学号 妈妈");
  EXPECT_EQ(chat.reply("mom", "/绑定 张小明 4 妈妈"), "已绑定：你是 张小明（三年级2班）的妈妈。");
}

TEST_F(RosterCommands, AMemberLearnsNoNameOrNumberFromTheRosterOnlyTheTeacherDoes) {
  // Issue 21: an unbound member learned names by 学号 ("学号 2 是李华") and by near-name suggestions.
  set_up_class();
  const std::string not_found = "名单里没有这位学生，请核对姓名或联系班主任。";
  EXPECT_EQ(chat.reply("stranger", "/绑定 张小明 2 爸爸"), not_found);
  EXPECT_EQ(chat.reply("stranger", "/绑定 张小明 99 爸爸"), not_found);
  EXPECT_EQ(chat.reply("stranger", "/绑定 李花 妈妈"), not_found);
  EXPECT_EQ(chat.reply("wang", "/解绑 张小明 2"), "学号 2 是李华，不是张小明。");  // the teacher may see it
}

TEST_F(RosterCommands, AnAnonymousSenderBindsNobodyAndIsToldWhy) {
  // Issue 21: OneBot's anonymous members share one user id; one of them bound a child and acked for it.
  set_up_class();
  EXPECT_EQ(chat.reply("", "/绑定 李华 妈妈"), "匿名消息不能绑定学生，也不能代学生确认、报名或投票。请关闭匿名后再发一次。");
  EXPECT_EQ(chat.reply("", "今天天气不错"), "");  // ordinary chat: nothing
  EXPECT_TRUE(store::Roster(chat.db.sql()).guardians(store::Roster(chat.db.sql()).by_number(class_id(), "2")->id).empty());
  EXPECT_EQ(chat.db.sql().execAndGet("SELECT count(*) FROM messages WHERE direction = 'in' AND member_id IS NULL").getInt(), 2);
}

TEST_F(RosterCommands, AnUnknownNameGetsTheNearestNamesForTheTeacherAndABadRelationTheList) {
  set_up_class();
  EXPECT_EQ(chat.reply("wang", "/解绑 李花"), "三年级2班的名单里没有“李花”。你是不是要找：李华？");
  EXPECT_TRUE(contains(chat.reply("mom", "/绑定 李华 舅舅"), "关系只能是：爸爸、妈妈"));
  EXPECT_TRUE(contains(chat.reply("mom", "/绑定 李华"), "请写明孩子姓名和你的关系"));
  EXPECT_TRUE(store::Roster(chat.db.sql()).wards(*store::Members(chat.db.sql()).find("onebot", "mom")).empty());
}

TEST_F(RosterCommands, AStudentHasAtMostMaxGuardians) {
  set_up_class();
  chat.reply("mom", "/绑定 王芳 妈妈");
  chat.reply("dad", "/绑定 王芳 爸爸");
  EXPECT_EQ(chat.reply("grandma", "/绑定 王芳 奶奶"), "王芳已绑定 2 位家长，达到上限。如需更换，请联系班主任用 /解绑 解除。");
  EXPECT_EQ(chat.reply("dad", "/绑定 王芳 父亲"), "已更新：你是 王芳（三年级2班）的父亲。");  // rebinding is not a new one
}

TEST_F(RosterCommands, OneGuardianOfTwoStudentsSeesBothInMine) {
  set_up_class();
  chat.reply("mom", "/绑定 李华 妈妈");
  chat.reply("mom", "/绑定 王芳 妈妈");
  EXPECT_EQ(chat.reply("mom", "/我的"), "你绑定的孩子：\n李华（三年级2班）— 妈妈\n王芳（三年级2班）— 妈妈");
  EXPECT_EQ(chat.reply("stranger", "/我的"),
            "你还没有绑定孩子。请在班级群里发送“/绑定 孩子姓名 关系”，例如：/绑定 张小明 妈妈");
  EXPECT_EQ(chat.reply("wang", "/我的"), "你的角色：三年级2班 班主任");  // a teacher is not told to bind a child
}

TEST_F(RosterCommands, AGuardianUnbindsThemselvesAndOnlyATeacherUnbindsOthers) {
  set_up_class();
  chat.reply("mom", "/绑定 李华 妈妈");
  chat.reply("dad", "/绑定 李华 爸爸");
  EXPECT_EQ(chat.reply("dad", "/解绑 李华", {"mom"}), "只有班主任或任课教师可以解除其他家长的绑定。");
  EXPECT_EQ(chat.reply("wang", "/解绑 李华", {"mom"}), "已解除mom与李华的绑定。");
  EXPECT_EQ(chat.reply("dad", "/解绑 李华"), "已解除你与李华的绑定。");
  EXPECT_EQ(chat.reply("dad", "/解绑 李华"), "你不是李华的家长，没有可解除的绑定。");
}

TEST_F(RosterCommands, TheRosterListsBindingsAndTheUnbound) {
  set_up_class();
  chat.reply("mom", "/绑定 李华 妈妈");
  EXPECT_EQ(chat.reply("wang", "/名单"),
            "三年级2班名单：学生 4 人，已有家长绑定 1 人\n1. 张小明（1）：未绑定\n2. 李华（2）：妈妈 mom\n"
            "3. 王芳（3）：未绑定\n4. 张小明（4）：未绑定\n尚未绑定（3 人）：张小明（1）、王芳、张小明（4）");
  EXPECT_EQ(chat.reply("mom", "/名单"), "只有班主任、任课教师或学校管理员可以使用 /名单。");
}

TEST_F(RosterCommands, HelpListsOnlyWhatTheSenderMayUse) {
  set_up_class();
  const std::string parent = chat.reply("mom", "/帮助");
  EXPECT_FALSE(contains(parent, "/名单"));
  EXPECT_TRUE(contains(parent, "/绑定"));
  EXPECT_TRUE(contains(chat.reply("wang", "/帮助"), "/名单"));
}

}  // namespace jiaxiao::handlers::roster

namespace jiaxiao::handlers::roster {

namespace {
struct BindingApproval : ::testing::Test {
  testing::ChatHarness chat{[] {
    config::Config c;
    c.admins = {"onebot:admin"};
    c.roster.max_guardians = 1;
    return c;
  }()};
  BindingApproval() {
    chat.say("admin", "/班级 三年级2班");
    chat.say("admin", "/角色 班主任", {"wang"});
    const auto class_id = store::Classes(chat.db.sql()).find("三年级2班")->id;
    store::Roster(chat.db.sql()).add({0, class_id, "张小明", "1", false, {}}, 1);
  }
  int guardians() { return chat.db.sql().execAndGet("SELECT count(*) FROM guardians").getInt(); }
};
}  // namespace

TEST_F(BindingApproval, ARequestIsDecidedInAPrivateChatAndTheLimitHoldsAtApproval) {
  const auto asked = chat.say("mom", "/绑定 张小明 妈妈");
  ASSERT_EQ(asked.size(), 2u);  // the teacher's private note, and the answer
  EXPECT_EQ(guardians(), 0);
  EXPECT_EQ(chat.reply("mom", "/绑定 张小明 妈妈"), "你的绑定申请（编号 1）正在等班主任确认，确认后会私信告诉你。");
  EXPECT_EQ(chat.say("fake", "/绑定 张小明 妈妈").back().rfind("已提交绑定申请（编号 2）", 0), 0u);
  const core::ChatRef wang{"onebot", core::ChatKind::private_chat, "wang"};
  const auto approved = chat.say("wang", "/同意 1", {}, &wang);
  EXPECT_EQ(approved.back(), "已同意绑定申请 1：onebot:mom 是 张小明 的妈妈。");
  EXPECT_EQ(guardians(), 1);
  // max_guardians is 1: the second request cannot be approved, and stays pending.
  EXPECT_EQ(chat.reply("wang", "/同意 2", {}, &wang), "张小明已绑定 1 位家长，达到上限。如需更换，请联系班主任用 /解绑 解除。");
  EXPECT_EQ(chat.reply("wang", "/同意 x", {}, &wang), "请写绑定申请的编号（/名单 里可以看到），例如：/同意 3\n用法：/同意 <申请编号>");
  EXPECT_EQ(chat.reply("wang", "/同意 99", {}, &wang), "没有你可以处理的绑定申请 99。发送 /名单 查看待确认的申请。");
  // A pending member's reply is told why it does not count.
  chat.say("wang", "/告家长书 期末安排\n1月20日放假。");
  const auto hint = chat.say("fake", "收到");
  ASSERT_EQ(hint.size(), 1u);
  EXPECT_EQ(hint[0], "你的回复还没有计入：你的绑定申请还在等班主任确认，确认后再回复就会计入。");
}

}  // namespace jiaxiao::handlers::roster
