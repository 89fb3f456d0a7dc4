#include "bot/router/router.hpp"

#include <gtest/gtest.h>

#include "bot/adapters/registry.hpp"
#include "store/chats.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::router {

namespace {
struct RouterTest : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  config::Config config;
  testing::FakeClock clock;
  handlers::Registry registry;
  core::Platforms platforms = adapters::platforms();
  int next_id = 1;

  RouterTest() { handlers::register_all(registry, config); }

  std::int64_t store_message(const std::string& text, core::ChatKind kind = core::ChatKind::group) {
    core::IncomingMessage m;
    m.platform_message_id = std::to_string(next_id++) + ":1";
    m.chat = {"onebot", kind, "100"};
    m.sender = {"onebot", "200", "家长"};
    m.text = text;
    return store::Messages(db.sql()).insert_incoming(m, clock.now_ms()).message_id;
  }
  std::vector<store::OutboxItem> replies() { return store::Outbox(db.sql()).due(clock.now_ms() + 1, 100); }
};
}  // namespace

TEST_F(RouterTest, HelpListsCommandsAsAReplyToTheSender) {
  Router router(registry, config, platforms, clock);
  const auto id = store_message("／帮助");
  EXPECT_EQ(router.process(db, id), 1u);
  auto out = replies();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.text.find("/帮助 (/help)"), std::string::npos);
  EXPECT_EQ(out[0].message.chat.id, "100");
  EXPECT_EQ(out[0].message.in_reply_to, "1:1");
}

TEST_F(RouterTest, EnglishAliasWorksCaseInsensitively) {
  Router router(registry, config, platforms, clock);
  router.process(db, store_message("/HELP 帮助"));
  auto out = replies();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.text.find("用法：/帮助 [命令]"), std::string::npos);
}

TEST_F(RouterTest, AnUnknownCommandGetsTheNearestKnownOne) {
  Router router(registry, config, platforms, clock);
  router.process(db, store_message("/hepl"));
  auto out = replies();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message.text, "未知命令：/hepl。你是不是想用 /help？发送 /帮助 查看全部命令。");
}

TEST_F(RouterTest, AFloodedUnknownCommandIsQuotedCutTo30Characters) {
  Router router(registry, config, platforms, clock);
  std::string flood;
  for (int i = 0; i < 20000; ++i) flood += "刷";  // 60 KB in one command word
  router.process(db, store_message("/" + flood));
  auto out = replies();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message.text, "未知命令：/" + flood.substr(0, 30 * 3) + "…。发送 /帮助 查看全部命令。");
}

TEST_F(RouterTest, OrdinaryGroupChatGetsNoAnswerButAPrivateChatGetsAHint) {
  Router router(registry, config, platforms, clock);
  EXPECT_EQ(router.process(db, store_message("大家好")), 0u);
  EXPECT_EQ(router.process(db, store_message("你好", core::ChatKind::private_chat)), 1u);
  EXPECT_NE(replies().at(0).message.text.find("/帮助"), std::string::npos);
}

TEST_F(RouterTest, AMessageIsActedOnOnceAndMarkedProcessed) {
  Router router(registry, config, platforms, clock);
  const auto id = store_message("/帮助");
  router.process(db, id);
  EXPECT_TRUE(store::Messages(db.sql()).unprocessed(10).empty());
  EXPECT_EQ(router.process_pending(db), 0u);
  EXPECT_EQ(replies().size(), 1u);
}

TEST_F(RouterTest, PendingMessagesAreProcessedAfterACrash) {
  Router router(registry, config, platforms, clock);
  store_message("/帮助");
  store_message("/help");
  EXPECT_EQ(router.process_pending(db), 2u);
  EXPECT_EQ(replies().size(), 2u);
}

TEST_F(RouterTest, AFailingHandlerRollsBackItsWritesAndTheSenderIsToldToTryAgain) {
  static const handlers::Permission anyone{"坏", {handlers::Who::anyone}};
  registry.add({.name = "坏",
                .aliases = {"broken"},
                .usage = "/坏",
                .summary = "test",
                .run = [](handlers::Context& ctx, const core::ParsedCommand&) {
                  ctx.db.sql().exec("INSERT INTO classes (name, created_at) VALUES ('不该留下', 0)");
                  ctx.reply("不该发出");
                  throw std::runtime_error("boom");
                },
                .permission = &anyone});
  Router router(registry, config, platforms, clock);
  router.process(db, store_message("/坏"));
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM classes").getInt(), 0);
  auto out = replies();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message.text, "抱歉，处理这条消息时出了问题，请稍后再试。");
  EXPECT_TRUE(store::Messages(db.sql()).unprocessed(10).empty());
}

TEST_F(RouterTest, AMessageActedOnMarksItsChatReachableAgain) {
  const core::ChatRef group{"onebot", core::ChatKind::group, "100"};
  store::Chats(db.sql()).mark_unreachable(group, 1);
  const auto id = store_message("大家好");
  EXPECT_TRUE(store::Chats(db.sql()).mark_unreachable(group, 2) == false);  // stored, not yet acted on: still marked
  Router router(registry, config, platforms, clock);
  router.process(db, id);
  EXPECT_TRUE(store::Chats(db.sql()).mark_unreachable(group, 3));  // it had been cleared
}

TEST_F(RouterTest, AReplyWindowOpenedByAMessageReleasesWhatWaitedForOneOnceItIsActedOn) {
  const core::ChatRef group{"onebot", core::ChatKind::group, "100"};
  store::Outbox outbox(db.sql());
  outbox.enqueue({group, "等待回复窗口的通知", {}, std::nullopt, std::nullopt}, clock.now_ms());
  outbox.mark_waiting(outbox.due(clock.now_ms(), 10).at(0), clock.now_ms());
  core::IncomingMessage m;
  m.platform_message_id = "w1";
  m.chat = group;
  m.sender = {"onebot", "200", "家长"};
  m.text = "@机器人 你好";
  m.reply_window = core::ReplyWindow{"msg-w1", clock.now_ms() + 300'000, 5};
  const auto id = store::Messages(db.sql()).insert_incoming(m, clock.now_ms()).message_id;
  EXPECT_TRUE(outbox.due(clock.now_ms() + 1, 10).empty());  // stored only: nothing released yet
  Router router(registry, config, platforms, clock);
  router.process(db, id);
  const auto released = outbox.due(clock.now_ms() + 1, 10);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].message.text, "等待回复窗口的通知");
}

}  // namespace jiaxiao::router
