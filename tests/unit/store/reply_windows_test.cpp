// Reply windows (WeCom response_url, QQ msg_id) and the outbox rows that wait for one.
#include "store/reply_windows.hpp"

#include <gtest/gtest.h>

#include "store/chats.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {

namespace {
const core::ChatRef group{"wecom", core::ChatKind::group, "wrkG"};

struct ReplyWindowsTest : ::testing::Test {
  testing::TempDir dir;
  Database db{dir.file("j.db")};
  Messages messages{db.sql()};
  Outbox outbox{db.sql()};
  ReplyWindows windows{db.sql()};

  /// An @-message in the group with a window of `uses` uses until `expires`; returns its row id.
  std::int64_t incoming(const std::string& id, std::int64_t expires, int uses = 1) {
    core::IncomingMessage m;
    m.platform_message_id = id;
    m.chat = group;
    m.sender = {"wecom", "parent", ""};
    m.text = "收到";
    m.reply_window = core::ReplyWindow{"https://r/" + id, expires, uses};
    return messages.insert_incoming(m, 0).message_id;
  }
  std::int64_t push(const std::string& text, std::optional<std::string> in_reply_to = std::nullopt) {
    return outbox.enqueue({group, text, {}, std::nullopt, std::move(in_reply_to)}, 10);
  }
};
}  // namespace

TEST_F(ReplyWindowsTest, AnAnswerTakesItsOwnWindowOnceAndNeverAnExpiredOne) {
  incoming("m1", 1000);
  auto use = windows.take(group, std::string("m1"), false, 500);
  ASSERT_TRUE(use.has_value());
  EXPECT_EQ(use->handle, "https://r/m1");
  EXPECT_EQ(use->seq, 1);
  EXPECT_FALSE(windows.take(group, std::string("m1"), false, 500).has_value());  // single use
  incoming("m2", 1000);
  EXPECT_FALSE(windows.take(group, std::string("m2"), false, 1000).has_value());  // expired
}

TEST_F(ReplyWindowsTest, UsesCountUpToTheLimitWithIncreasingSequence) {
  incoming("q1", 10'000, 5);
  for (int seq = 1; seq <= 5; ++seq) {
    auto use = windows.take(group, std::string("q1"), false, 1);
    ASSERT_TRUE(use.has_value());
    EXPECT_EQ(use->seq, seq);
  }
  EXPECT_FALSE(windows.take(group, std::string("q1"), false, 1).has_value());
  EXPECT_EQ(windows.open_count(1), 0);
}

TEST_F(ReplyWindowsTest, APushBorrowsOnlyWindowsWhoseOwnAnswersAreServed) {
  const auto m1 = incoming("m1", 1000);
  // Not acted on yet: its own answer may still come.
  EXPECT_FALSE(windows.take(group, std::nullopt, true, 1).has_value());
  messages.mark_processed(m1, 1);
  push("answer to m1", std::string("m1"));  // its own answer is pending: the one use is spoken for
  EXPECT_FALSE(windows.take(group, std::nullopt, true, 1).has_value());
  ASSERT_TRUE(windows.take(group, std::string("m1"), false, 1).has_value());

  const auto m2 = incoming("m2", 2000);
  const auto m3 = incoming("m3", 1500);
  messages.mark_processed(m2, 1);
  messages.mark_processed(m3, 1);
  auto use = windows.take(group, std::nullopt, true, 1);
  ASSERT_TRUE(use.has_value());
  EXPECT_EQ(use->platform_message_id, "m3");  // the one that closes first
  EXPECT_EQ(windows.take(group, std::nullopt, true, 1)->platform_message_id, "m2");
  EXPECT_FALSE(windows.take(group, std::nullopt, true, 1).has_value());
}

TEST_F(ReplyWindowsTest, WaitingRowsLeaveTheDueListUntilAWindowOrAKeyReleasesThem) {
  push("letter");
  auto due = outbox.due(100, 10);
  ASSERT_EQ(due.size(), 1u);
  outbox.mark_waiting(due[0], 100);
  EXPECT_TRUE(outbox.due(100, 10).empty());
  EXPECT_EQ(outbox.next_due_ms(), std::nullopt);
  EXPECT_EQ(outbox.counts().waiting, 1);
  EXPECT_EQ(outbox.counts().pending, 1);

  // An @-message that opens a window names its chat; releasing that chat's rows makes them due (the
  // router does both once the message has been acted on). Marking it processed alone releases nothing.
  const auto m = incoming("m9", 10'000);
  messages.mark_processed(m, 200);
  EXPECT_TRUE(outbox.due(200, 10).empty());
  const auto chat_id = ReplyWindows(db.sql()).chat_of_message(m);
  ASSERT_TRUE(chat_id.has_value());
  outbox.release_waiting(*chat_id, 200);
  EXPECT_EQ(outbox.due(200, 10).size(), 1u);
  EXPECT_FALSE(ReplyWindows(db.sql()).chat_of_message(m + 1000).has_value());

  // Linking a robot key to the group: released rows go out with the key.
  outbox.mark_waiting(outbox.due(200, 10)[0], 300);
  Classes classes(db.sql());
  const auto klass = classes.create("三年级2班", 0);
  outbox.release_waiting(classes.link(group, klass.id, std::string("KEY"), 400), 400);
  auto released = outbox.due(400, 10);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].push_key, "KEY");
}

TEST_F(ReplyWindowsTest, RowsThatWaitedTooLongAreGivenUp) {
  push("old letter");
  outbox.mark_waiting(outbox.due(100, 10)[0], 100);
  EXPECT_TRUE(outbox.expire_waiting(5, "no window", 1000).empty());  // created at 10: not older than 5
  auto expired = outbox.expire_waiting(11, "no window", 1000);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].message.text, "old letter");
  EXPECT_EQ(outbox.counts().failed, 1);
  EXPECT_EQ(outbox.counts().waiting, 0);
}

TEST_F(ReplyWindowsTest, AnUnreachableGroupIsMarkedOnceAndClearedOnceOrByANewKey) {
  Classes classes(db.sql());
  const auto klass = classes.create("三年级2班", 0);
  classes.link(group, klass.id, std::string("KEY"), 0);
  Chats chats(db.sql());
  EXPECT_TRUE(chats.mark_unreachable(group, 5));
  EXPECT_FALSE(chats.mark_unreachable(group, 6));
  EXPECT_TRUE(classes.chats(klass.id)[0].unreachable);
  incoming("back", 10'000);  // storing a message changes nothing: the router marks it reachable when it acts
  EXPECT_TRUE(classes.chats(klass.id)[0].unreachable);
  EXPECT_TRUE(chats.mark_reachable(group));
  EXPECT_FALSE(chats.mark_reachable(group));
  EXPECT_FALSE(classes.chats(klass.id)[0].unreachable);
  EXPECT_TRUE(chats.mark_unreachable(group, 7));
  classes.link(group, klass.id, std::string("NEWKEY"), 8);
  EXPECT_FALSE(classes.chats(klass.id)[0].unreachable);
}

}  // namespace jiaxiao::store
