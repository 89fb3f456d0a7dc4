#include "store/messages.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "tests/support/statement_cost.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {

namespace {
core::IncomingMessage group_message(const std::string& id, const std::string& text, const std::string& name = "王老师") {
  core::IncomingMessage m;
  m.platform_message_id = id;
  m.chat = {"onebot", core::ChatKind::group, "987654321"};
  m.sender = {"onebot", "12345678", name};
  m.text = text;
  m.mentions = {"111", "222"};
  m.reply_to = "55";
  m.sent_at_ms = 1'000;
  return m;
}

struct MessagesTest : ::testing::Test {
  testing::TempDir dir;
  Database db{dir.file("j.db")};
  Messages messages{db.sql()};

  std::int64_t number(const std::string& sql) { return db.sql().execAndGet(sql).getInt64(); }
};

}  // namespace

TEST_F(MessagesTest, StoresAnIncomingMessageAndLoadsItBack) {
  const auto stored = messages.insert_incoming(group_message("1:1", "/帮助"), 5'000);
  EXPECT_FALSE(stored.duplicate);
  auto loaded = messages.load_incoming(stored.message_id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->text, "/帮助");
  EXPECT_EQ(loaded->chat, (core::ChatRef{"onebot", core::ChatKind::group, "987654321"}));
  EXPECT_EQ(loaded->sender.name, "王老师");
  EXPECT_EQ(loaded->mentions, (std::vector<std::string>{"111", "222"}));
  EXPECT_EQ(loaded->reply_to, "55");
}

TEST_F(MessagesTest, StoresTextAndNamesCleanOfBadBytesControlsAndBidiOverrides) {
  // Issue 21: RTL overrides were stored and echoed; invalid UTF-8 and NUL reached the exports.
  const auto stored = messages.insert_incoming(
      group_message("1:9", std::string("收到\0 \xff\u202Egnp.exe", 19), "\u202E妈妈\x1b"), 5'000);
  auto loaded = messages.load_incoming(stored.message_id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->text, "收到 \uFFFDgnp.exe");
  EXPECT_EQ(loaded->sender.name, "妈妈");
}

TEST_F(MessagesTest, StoresARetriedDeliveryOnce) {
  const auto first = messages.insert_incoming(group_message("7:100", "收到"), 1);
  const auto retry = messages.insert_incoming(group_message("7:100", "收到"), 2);
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.message_id, first.message_id);
  EXPECT_EQ(messages.count("in"), 1);
}

TEST_F(MessagesTest, TheSameIdOnAnotherPlatformIsAnotherMessage) {
  messages.insert_incoming(group_message("7:100", "收到"), 1);
  auto other = group_message("7:100", "收到");
  other.chat.platform = other.sender.platform = "console";
  EXPECT_FALSE(messages.insert_incoming(other, 1).duplicate);
  EXPECT_EQ(messages.count("in"), 2);
}

TEST_F(MessagesTest, KeepsTheLatestNonEmptyDisplayName) {
  messages.insert_incoming(group_message("1:1", "a", "王老师"), 1);
  messages.insert_incoming(group_message("2:1", "b", ""), 2);
  EXPECT_EQ(db.sql().execAndGet("SELECT display_name FROM members").getString(), "王老师");
  messages.insert_incoming(group_message("3:1", "c", "王芳老师"), 3);
  EXPECT_EQ(db.sql().execAndGet("SELECT display_name FROM members").getString(), "王芳老师");
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM chats").getInt(), 1);
}

TEST_F(MessagesTest, ListsUnprocessedMessagesUntilMarked) {
  const auto a = messages.insert_incoming(group_message("1:1", "a"), 1).message_id;
  const auto b = messages.insert_incoming(group_message("2:1", "b"), 1).message_id;
  EXPECT_EQ(messages.unprocessed(10), (std::vector<std::int64_t>{a, b}));
  messages.mark_processed(a, 9);
  EXPECT_EQ(messages.unprocessed(10), (std::vector<std::int64_t>{b}));
}

TEST_F(MessagesTest, ExportFiltersByThreadAndTime) {
  messages.insert_incoming(group_message("1:1", "a"), 1'000);
  core::OutgoingMessage out{{"onebot", core::ChatKind::group, "987654321"}, "#3 通知", {}, 3, std::nullopt};
  const auto out_id = messages.insert_outgoing(out, 2'000);
  messages.set_sent(out_id, "4242", 3'000);
  auto all = messages.export_rows({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].sender, "onebot:12345678");
  EXPECT_EQ(all[0].group, "onebot:987654321");
  EXPECT_EQ(all[1].direction, "out");
  EXPECT_EQ(all[1].platform_message_id, "4242");
  EXPECT_EQ(all[1].at_ms, 3'000);
  EXPECT_EQ(messages.export_rows({.thread = 3}).size(), 1u);
  EXPECT_EQ(messages.export_rows({.from_ms = 2'500}).size(), 1u);
  EXPECT_EQ(messages.export_rows({.class_name = "没有这个班"}).size(), 0u);
}


TEST_F(MessagesTest, AQuotedBotMessageIsFoundThroughAnIndexNotAScanOfAllMessages) {
  for (int i = 0; i < 300; ++i) messages.insert_incoming(group_message(std::to_string(i) + ":1", "收到"), i);
  core::OutgoingMessage letter{{"onebot", core::ChatKind::group, "987654321"}, "告家长书", {}, 7, std::nullopt};
  const auto sent = messages.insert_outgoing(letter, 1'000);
  messages.set_sent(sent, "9001", 1'001);
  testing::StatementCost cost(db.sql());
  EXPECT_EQ(messages.thread_of_sent("onebot", "9001"), 7);
  // A parent quoting another parent's message: no bot message has that id.
  EXPECT_EQ(messages.thread_of_sent("onebot", "150"), std::nullopt);
  EXPECT_EQ(cost.most_scan_steps, 0) << "a full scan of messages for each quoted reply";
  EXPECT_LT(cost.most_steps, 100);
}

TEST_F(MessagesTest, CountingMessagesForMetricsDoesNotReadEveryRow) {
  for (int i = 0; i < 300; ++i) messages.insert_incoming(group_message(std::to_string(i) + ":1", "收到"), i);
  core::OutgoingMessage answer{{"onebot", core::ChatKind::group, "987654321"}, "好的", {}, std::nullopt, std::nullopt};
  messages.insert_outgoing(answer, 1'000);
  messages.insert_outgoing(answer, 1'001);
  testing::StatementCost cost(db.sql());
  EXPECT_EQ(messages.count("in"), 300);
  EXPECT_EQ(messages.count("out"), 2);
  EXPECT_EQ(messages.count("sideways"), 0);
  EXPECT_LT(cost.most_steps, 100) << "a /metrics scrape walked every incoming message";
}

TEST_F(MessagesTest, TheThreadFoundByTheHandlerIsStoredWhenTheMessageIsMarkedProcessed) {
  const auto tied = messages.insert_incoming(group_message("1:1", "收到"), 1).message_id;
  const auto chat = messages.insert_incoming(group_message("2:1", "好的"), 1).message_id;
  messages.mark_processed(tied, 5, 42);
  messages.mark_processed(chat, 6);
  EXPECT_EQ(number("SELECT thread FROM messages WHERE id = " + std::to_string(tied)), 42);
  EXPECT_EQ(number("SELECT processed_at FROM messages WHERE id = " + std::to_string(tied)), 5);
  EXPECT_EQ(number("SELECT thread IS NULL FROM messages WHERE id = " + std::to_string(chat)), 1);
  messages.mark_processed(chat, 9, 43);  // already processed: nothing changes
  EXPECT_EQ(number("SELECT thread IS NULL FROM messages WHERE id = " + std::to_string(chat)), 1);
}

TEST_F(MessagesTest, WhenAMemberWasLastSeenIsKeptToTheMinute) {
  messages.insert_incoming(group_message("1:1", "收到"), 1'000);
  messages.insert_incoming(group_message("2:1", "收到"), 30'000);
  EXPECT_EQ(number("SELECT last_seen_at FROM members"), 1'000) << "no row write for every message";
  messages.insert_incoming(group_message("3:1", "收到"), 61'000);
  EXPECT_EQ(number("SELECT last_seen_at FROM members"), 61'000);
  messages.insert_incoming(group_message("4:1", "收到", "王老师（班主任）"), 62'000);
  EXPECT_EQ(number("SELECT last_seen_at FROM members"), 62'000) << "a new name is written at once, with the time";
}

}  // namespace jiaxiao::store
