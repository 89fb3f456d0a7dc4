// Notes about messages the outbox gave up: who is told about which group, and in what words.
#include "handlers/delivery.hpp"

#include "bot/adapters/registry.hpp"

#include <gtest/gtest.h>

#include "store/threads.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/messages.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::handlers {

namespace {
using namespace std::chrono_literals;

const core::ChatRef qq_group{"qq", core::ChatKind::group, "G1"};
const core::ChatRef wecom_group{"wecom", core::ChatKind::group, "W1"};

struct UndeliveredNotes : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  const core::Platforms platforms = adapters::platforms();
  std::int64_t class_id = 0, wang = 0, li = 0, letter = 0;

  UndeliveredNotes() {
    store::Classes classes(db.sql());
    class_id = classes.create("三年级2班", 1).id;
    classes.link(qq_group, class_id, std::nullopt, 1);
    classes.link(wecom_group, class_id, std::nullopt, 1);
    store::Members members(db.sql());
    wang = members.upsert({"qq", "WANG", "王老师"}, 1);
    li = members.upsert({"wecom", "li", "李老师"}, 1);
    store::Roles roles(db.sql());
    roles.grant(wang, class_id, store::Role::teacher, "班主任", "test", 1);
    roles.grant(li, class_id, store::Role::teacher, "数学", "test", 1);
    letter = store::Threads(db.sql()).create({0, "notice", class_id, qq_group, wang, "秋游通知", 0, std::nullopt}, 1);
  }
  static store::OutboxItem item(const core::ChatRef& chat, std::optional<std::int64_t> thread) {
    store::OutboxItem i;
    i.message = {chat, "正文", {}, thread, std::nullopt};
    return i;
  }
};
}  // namespace

TEST_F(UndeliveredNotes, TheCreatorOfEachNumberAndTheTeachersForTheRestAreToldOncePerGroup) {
  const auto notes = undelivered_notes(db, platforms,
                                       {item(qq_group, letter), item(qq_group, letter), item(qq_group, std::nullopt),
                                        item(wecom_group, letter), item({"qq", core::ChatKind::private_chat, "WANG"}, letter)},
                                       72h);
  ASSERT_EQ(notes.size(), 3u);
  // The letter's creator, about the QQ group: the letter once (its reminder is the same #1), and the
  // message of no number that every teacher hears about.
  EXPECT_EQ(notes[0].chat, (core::ChatRef{"qq", core::ChatKind::private_chat, "WANG"}));
  EXPECT_EQ(notes[0].text,
            "三年级2班的QQ群 G1：#1《秋游通知》和另外 1 条消息等了 72 小时仍没有家长在群里 @机器人"
            "（QQ 官方机器人只能随家长 @机器人 的消息回复），已放弃发送。请提醒家长 @机器人，之后需要的话重新发送；"
            "要按时送达的班级群请改用 OneBot（NapCat、Lagrange）。");
  // The other teacher hears only of the message of no number.
  EXPECT_EQ(notes[1].chat, (core::ChatRef{"wecom", core::ChatKind::private_chat, "li"}));
  EXPECT_EQ(notes[1].text.rfind("三年级2班的QQ群 G1：1 条消息等了 72 小时", 0), 0u) << notes[1].text;
  // The WeCom group's advice is about its robot key.
  EXPECT_EQ(notes[2].chat, notes[0].chat);
  EXPECT_EQ(notes[2].text,
            "三年级2班的企业微信群 W1：#1《秋游通知》等了 72 小时仍没有发送的途径（该群没有登记群机器人 webhook key，"
            "期间也没有家长 @机器人），已放弃发送。请在群里添加群机器人，并用 jiaxiao class link 登记 webhook key，"
            "之后需要的话重新发送。");
  for (const auto& note : notes) {
    EXPECT_FALSE(note.hold_in_quiet_hours);
    EXPECT_FALSE(note.thread);
  }
}

TEST_F(UndeliveredNotes, AGroupOfNoClassWithNoNumberAndPrivateChatsTellNobody) {
  EXPECT_TRUE(undelivered_notes(db, platforms, {item({"qq", core::ChatKind::group, "STRANGER"}, std::nullopt),
                                     item({"qq", core::ChatKind::private_chat, "WANG"}, std::nullopt)},
                                72h)
                  .empty());
  // A number still reaches its creator, also about a group of no class; a short wait reads in minutes.
  const auto notes = undelivered_notes(db, platforms, {item({"qq", core::ChatKind::group, "STRANGER"}, letter)}, 90s);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].text.rfind("QQ群 STRANGER：#1《秋游通知》等了 1 分钟仍没有家长在群里 @机器人", 0), 0u) << notes[0].text;
}

TEST_F(UndeliveredNotes, AMessageThePlatformKeptFailingSaysSoAndHowToSendItAgain) {
  const auto notes = undelivered_notes(db, platforms, {item(qq_group, letter)}, 24h, GiveUpReason::platform_failing);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].chat, (core::ChatRef{"qq", core::ChatKind::private_chat, "WANG"}));
  EXPECT_EQ(notes[0].text,
            "三年级2班的QQ群 G1：#1《秋游通知》等了 24 小时仍没有发送成功（QQ 官方机器人一直连不上或被平台拒绝），"
            "已放弃发送。请检查机器人是否在线、是否仍在群里；恢复后请学校管理员运行 jiaxiao outbox retry --failed "
            "重新发送。");
}

}  // namespace jiaxiao::handlers
