// Who a class's messages go to and how, by what each platform declares it can do.
#include "handlers/audience.hpp"

#include <gtest/gtest.h>

#include "bot/adapters/registry.hpp"
#include "store/chats.hpp"
#include "store/classes.hpp"
#include "store/outbox.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::handlers {
namespace {

struct AudienceTest : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  const core::Platforms platforms = adapters::platforms();
  std::int64_t class_id = store::Classes(db.sql()).create("三年级2班", 0).id;
  const core::ChatRef onebot{"onebot", core::ChatKind::group, "100"};
  const core::ChatRef qq{"qq", core::ChatKind::group, "Q1"};
  const core::ChatRef wecom{"wecom", core::ChatKind::group, "W1"};
};

TEST_F(AudienceTest, TheHeldPushesNoteNamesGroupsThatCannotBePushedTo) {
  link_group(db, onebot, class_id, std::nullopt, 1);
  EXPECT_EQ(held_pushes_note(db, platforms, class_id), "");
  link_group(db, qq, class_id, std::nullopt, 1);
  link_group(db, wecom, class_id, std::nullopt, 1);
  const std::string note = held_pushes_note(db, platforms, class_id);
  EXPECT_EQ(note.rfind("注意：QQ群 Q1、企业微信群 W1 不能由机器人主动发送", 0), 0u) << note;
  link_group(db, wecom, class_id, std::string("KEY"), 2);  // a robot key: WeCom can push now
  EXPECT_EQ(held_pushes_note(db, platforms, class_id).rfind("注意：QQ群 Q1 不能", 0), 0u);
  store::Chats(db.sql()).mark_unreachable(qq, 3);  // a group the bot left is not counted
  EXPECT_EQ(held_pushes_note(db, platforms, class_id), "");
  EXPECT_EQ(class_groups(db, class_id), (std::vector<core::ChatRef>{onebot, wecom}));
}

TEST_F(AudienceTest, ParentsAreToldToMentionTheBotOnlyWhereItHearsNothingElse) {
  EXPECT_EQ(at_bot(platforms.of("onebot")), "");
  EXPECT_EQ(at_bot(platforms.of("wecom")), "@机器人 ");
  EXPECT_EQ(at_bot(platforms.of("qq")), "@机器人 ");
}

TEST_F(AudienceTest, LinkingARobotKeyReleasesThePushesThatWaitedForOne) {
  link_group(db, wecom, class_id, std::nullopt, 1);
  store::Outbox outbox(db.sql());
  outbox.enqueue({wecom, "告家长书", {}, std::nullopt, std::nullopt}, 10);
  outbox.mark_waiting(outbox.due(10, 10).at(0), 20);
  link_group(db, wecom, class_id, std::nullopt, 30);  // no key: still waiting
  EXPECT_TRUE(outbox.due(30, 10).empty());
  link_group(db, wecom, class_id, std::string("KEY"), 40);
  const auto released = outbox.due(40, 10);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].push_key, "KEY");
}

}  // namespace
}  // namespace jiaxiao::handlers
