#include "store/outbox.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/messages.hpp"
#include "tests/support/statement_cost.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {

namespace {
core::OutgoingMessage to(const std::string& platform, const std::string& group, const std::string& text) {
  return {{platform, core::ChatKind::group, group}, text, {"42"}, std::nullopt, std::string("9:1")};
}

struct OutboxTest : ::testing::Test {
  testing::TempDir dir;
  Database db{dir.file("j.db")};
  Outbox outbox{db.sql()};
};
}  // namespace

TEST_F(OutboxTest, AnEnqueuedMessageIsAPendingRowAndAnOutgoingMessage) {
  outbox.enqueue(to("onebot", "1", "你好"), 100);
  EXPECT_EQ(outbox.counts().pending, 1);
  EXPECT_EQ(Messages(db.sql()).count("out"), 1);
  auto due = outbox.due(100, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].message.text, "你好");
  EXPECT_EQ(due[0].message.mentions, std::vector<std::string>{"42"});
  EXPECT_EQ(due[0].message.in_reply_to, "9:1");
}

TEST_F(OutboxTest, DueRowsComeOldestFirstAndOnlyWhenDue) {
  outbox.enqueue(to("onebot", "1", "a"), 100);
  outbox.enqueue(to("onebot", "1", "b"), 200);
  EXPECT_EQ(outbox.due(150, 10).size(), 1u);
  auto due = outbox.due(200, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].message.text, "a");
  EXPECT_EQ(outbox.next_due_ms(), 100);
}

TEST_F(OutboxTest, FiltersByPlatform) {
  outbox.enqueue(to("console", "c", "console row"), 100);
  outbox.enqueue(to("onebot", "1", "onebot row"), 200);
  auto due = outbox.due(1000, 10, {"onebot"});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].message.text, "onebot row");
  EXPECT_EQ(outbox.next_due_ms({"onebot"}), 200);
  EXPECT_EQ(outbox.next_due_ms({"qq"}), std::nullopt);
}

TEST_F(OutboxTest, RetryMovesTheRowLaterAndCountsTheAttempt) {
  outbox.enqueue(to("onebot", "1", "a"), 100);
  auto item = outbox.due(100, 1).front();
  outbox.mark_retry(item, 5'000, "HTTP 502", 1'000);
  EXPECT_TRUE(outbox.due(4'999, 10).empty());
  auto again = outbox.due(5'000, 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(again[0].failing_since_ms, 1'000);
  outbox.mark_retry(again[0], 9'000, "HTTP 502", 5'000);  // still the first failure's time
  EXPECT_EQ(outbox.due(9'000, 10).at(0).failing_since_ms, 1'000);
}

TEST_F(OutboxTest, ListedAndRetriedFailedRowsGoOutAgainWithAFreshFailureClock) {
  outbox.enqueue(to("onebot", "1", "第一条很长的通知：" + std::string(60, 'x')), 100);
  outbox.enqueue(to("qq", "2", "b"), 100);
  auto items = outbox.due(100, 10);
  outbox.mark_retry(items[0], 200, "HTTP 502", 150);
  outbox.mark_failed(items[0], "HTTP 502", 250);
  const auto failed = outbox.list("failed", 10);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].chat, "onebot:1");
  EXPECT_EQ(failed[0].last_error, "HTTP 502");
  EXPECT_EQ(failed[0].attempts, 2);
  ASSERT_EQ(outbox.list("pending", 10).size(), 1u);
  EXPECT_EQ(outbox.list("", 10).size(), 2u);

  EXPECT_TRUE(outbox.retry(failed[0].id, 1'000));
  const auto again = outbox.due(1'000, 10);
  ASSERT_EQ(again.size(), 2u);  // the other row ("b", due since 100) comes first
  EXPECT_EQ(again[1].id, failed[0].id);
  EXPECT_EQ(again[1].attempts, 0);
  EXPECT_FALSE(again[1].failing_since_ms.has_value());
  outbox.mark_sent(again[1], "1", 1'100);
  EXPECT_FALSE(outbox.retry(failed[0].id, 1'200));  // sent: nothing to retry
  EXPECT_FALSE(outbox.retry(999, 1'200));
  outbox.mark_failed(again[0], "x", 1'300);
  EXPECT_EQ(outbox.retry_failed(1'400), 1);
  EXPECT_EQ(outbox.counts().failed, 0);
}

TEST_F(OutboxTest, SentAndFailedRowsAreNoLongerDue) {
  outbox.enqueue(to("onebot", "1", "a"), 100);
  outbox.enqueue(to("onebot", "1", "b"), 100);
  auto items = outbox.due(100, 10);
  outbox.mark_sent(items[0], "777", 150);
  outbox.mark_failed(items[1], "retcode 100", 150);
  EXPECT_TRUE(outbox.due(10'000, 10).empty());
  const auto counts = outbox.counts();
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.failed, 1);
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(db.sql().execAndGet("SELECT platform_message_id FROM messages WHERE text = 'a'").getString(), "777");
}

TEST_F(OutboxTest, ReleasingAChatsHeldMessagesDoesNotReadItsWholeHistory) {
  // A year of a group: many messages, one held for a reply window.
  Messages messages(db.sql());
  for (int i = 0; i < 300; ++i) {
    core::IncomingMessage in;
    in.platform_message_id = std::to_string(i) + ":1";
    in.chat = {"qq", core::ChatKind::group, "G"};
    in.sender = {"qq", "parent", ""};
    in.text = "收到";
    messages.insert_incoming(in, i);
  }
  for (int i = 0; i < 300; ++i) outbox.enqueue(to("qq", "G", "第" + std::to_string(i) + "条"), 1'000);
  const auto sent = outbox.due(1'000, 300, {"qq"});
  ASSERT_EQ(sent.size(), 300u);
  for (std::size_t i = 1; i < sent.size(); ++i) outbox.mark_sent(sent[i], std::to_string(i), 1'000);
  outbox.mark_waiting(sent[0], 2'000);
  ASSERT_EQ(outbox.counts().waiting, 1);
  const auto chat = db.sql().execAndGet("SELECT id FROM chats WHERE platform_chat_id = 'G'").getInt64();
  int steps = 0;
  {
    testing::StatementCost cost(db.sql());
    outbox.release_waiting(chat, 3'000);
    steps = cost.most_steps;
  }
  EXPECT_EQ(outbox.counts().waiting, 0);
  EXPECT_LT(steps, 200) << "the release visited the chat's 600 messages";
}

}  // namespace jiaxiao::store

namespace jiaxiao::store {

TEST_F(OutboxTest, EveryPartOfALongMessageIsFoundByItsPlatformId) {
  // Issue 22: a parent who quoted the first part of a long letter answered a different letter, because
  // only the last part's id was kept.
  auto letter = to("onebot", "1", "很长的告家长书");
  letter.thread = 7;
  outbox.enqueue(letter, 100);
  auto item = outbox.due(100, 1).at(0);
  outbox.mark_part_sent(item, "part-1", 101);
  outbox.mark_part_sent(item, "part-2", 102);
  outbox.mark_sent(item, "part-3", 103);
  Messages messages(db.sql());
  for (const std::string id : {"part-1", "part-2", "part-3"}) EXPECT_EQ(messages.thread_of_sent("onebot", id), 7) << id;
  EXPECT_EQ(messages.thread_of_sent("qq", "part-1"), std::nullopt);  // ids are per platform
}

}  // namespace jiaxiao::store
