#include "handlers/permissions.hpp"

#include <gtest/gtest.h>

#include "handlers/registry.hpp"

namespace jiaxiao::handlers {

namespace {
Access as(std::vector<store::Role> roles, bool guardian = false, bool admin = false) {
  Access a;
  a.klass = store::ClassRow{1, "三年级2班"};
  a.roles = std::move(roles);
  a.guardian = guardian;
  a.admin = admin;
  return a;
}
const core::ChatRef group{"onebot", core::ChatKind::group, "1"};
const core::ChatRef private_chat{"onebot", core::ChatKind::private_chat, "2"};
}  // namespace

TEST(Permissions, EveryRegisteredCommandHasAnEntry) {
  Registry registry;
  register_all(registry, config::Config{});  // Registry::add throws for a command missing from the table
  for (const auto& spec : registry.commands()) EXPECT_NE(spec.permission, nullptr) << spec.name;
}

// SPEC §2, row by row: which of parent / teacher / chair / committee may use each command.
TEST(Permissions, FollowTheSpecForEveryRole) {
  struct Row {
    const char* command;
    bool parent, teacher, chair, committee;
  };
  const Row rows[] = {
      {"帮助", true, true, true, true},        {"班级", false, true, false, false},
      {"角色", false, true, false, false},     {"名单", false, true, false, false},
      {"绑定", true, true, true, true},        {"解绑", true, true, true, true},
      {"告家长书", false, true, false, false}, {"回执", false, true, false, false},
      {"催回执", false, true, false, false},   {"家长会", false, true, false, false},
      {"开放日", false, true, false, false},   {"家委会会议", false, true, true, false},
      {"参会", false, true, true, true},       {"会议记录", false, true, true, false},
      {"投票", false, true, true, true},       {"投", true, false, false, false},
      {"结果", false, true, true, true},       {"接龙", false, true, true, true},
      {"同意", false, true, false, false},     {"拒绝", false, true, false, false},
      {"家访计划", false, true, false, false}, {"家访", false, true, false, false},
      {"家访统计", false, true, false, false}, {"提醒", false, true, true, false},
      {"信箱", true, true, true, true},        {"我的", true, true, true, true},
  };
  for (const Row& row : rows) {
    const Permission* p = permission_for(row.command);
    ASSERT_NE(p, nullptr) << row.command;
    EXPECT_EQ(allowed(*p, as({}, true)), row.parent) << row.command << " parent";
    EXPECT_EQ(allowed(*p, as({store::Role::teacher})), row.teacher) << row.command << " teacher";
    EXPECT_EQ(allowed(*p, as({store::Role::chair})), row.chair) << row.command << " chair";
    EXPECT_EQ(allowed(*p, as({store::Role::committee})), row.committee) << row.command << " committee";
    EXPECT_TRUE(allowed(*p, as({}, false, true))) << row.command << " admin";
  }
}

TEST(Permissions, RefusalSaysWhoMay) {
  EXPECT_EQ(refusal(*permission_for("角色"), as({}, true), group),
            "只有班主任、任课教师或学校管理员可以使用 /角色。");
  EXPECT_EQ(refusal(*permission_for("家委会会议"), as({store::Role::committee}), group),
            "只有班主任、任课教师、家委会主任或学校管理员可以使用 /家委会会议。");
  EXPECT_FALSE(refusal(*permission_for("投票"), as({store::Role::chair}), group));
  EXPECT_FALSE(refusal(*permission_for("投票"), as({store::Role::committee}), group));  // SPEC §1: committee polls too
}

TEST(Permissions, PlaceAndClassLinkAreCheckedBeforeRoles) {
  Access unlinked = as({store::Role::teacher});
  unlinked.klass.reset();
  EXPECT_EQ(refusal(*permission_for("名单"), unlinked, group),
            "本群还没有关联班级。请班主任或学校管理员先发送 /班级 班级名，例如：/班级 三年级2班");
  EXPECT_FALSE(refusal(*permission_for("班级"), unlinked, group));  // linking needs no link
  EXPECT_EQ(refusal(*permission_for("告家长书"), as({store::Role::teacher}), private_chat), "请在班级群里使用 /告家长书。");
  EXPECT_FALSE(refusal(*permission_for("名单"), as({store::Role::teacher}), private_chat));  // SPEC §2.2
  EXPECT_EQ(refusal(*permission_for("家访"), as({store::Role::teacher}), group), "家访信息涉及学生隐私，请私聊我");
  EXPECT_EQ(refusal(*permission_for("信箱"), as({}), group),
            "信箱的内容不要发在群里：请长按刚才那条消息“撤回”，再私聊我发送 /信箱 内容（学校看不到你的名字）。");
}

}  // namespace jiaxiao::handlers
