// The delivery loop against a fake Sender (no HTTP): what a platform's answer does to a row — sent with
// its id, retried after the back-off, failed after max_attempts, split into parts, held for a reply
// window, a gone chat reported — all with a fake clock.
#include "bot/net/outbox_sender.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::net {
namespace {

using Kind = adapters::DeliveryResult::Kind;

/// Answers each send with the next scripted result (sent with a fresh id when the script is empty),
/// and remembers what it was given. Called on the io thread; read by the test thread under the lock.
class FakeSender final : public adapters::Sender {
 public:
  awaitable<adapters::DeliveryResult> send(const core::OutgoingMessage& message,
                                           const adapters::SendRoute& route) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(message);
    routes_.push_back(route);
    if (throw_next_) {
      throw_next_ = false;
      throw std::runtime_error("connection reset");
    }
    if (script_.empty()) co_return adapters::DeliveryResult{Kind::sent, "P" + std::to_string(sent_.size()), ""};
    auto result = script_.front();
    script_.pop_front();
    co_return result;
  }
  adapters::WindowPolicy window_policy(const core::OutgoingMessage&, const std::string&) const override {
    return policy_;
  }
  std::size_t max_text_bytes() const override { return limit_; }
  bool dedupes_retries(const core::OutgoingMessage&, const adapters::SendRoute& route) const override {
    return dedupe_windows_ && route.window.has_value();
  }
  std::vector<adapters::SendRoute> routes() {
    std::lock_guard lock(mutex_);
    return routes_;
  }
  bool dedupe_windows_ = false;

  void script(adapters::DeliveryResult result) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(result));
  }
  std::vector<core::OutgoingMessage> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::size_t limit_ = 0;
  adapters::WindowPolicy policy_ = adapters::WindowPolicy::push;
  bool throw_next_ = false;

 private:
  std::mutex mutex_;
  std::deque<adapters::DeliveryResult> script_;
  std::vector<core::OutgoingMessage> sent_;
  std::vector<adapters::SendRoute> routes_;
};

struct OutboxSenderTest : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  testing::FakeClock clock;
  boost::asio::io_context io{1};
  FakeSender sender;
  OutboxOptions options;
  std::atomic<int> unreachable_calls{0};
  std::atomic<int> given_up_calls{0};
  std::atomic<std::int64_t> given_up_after_ms{0};
  std::unique_ptr<DbWorker> worker;
  std::unique_ptr<OutboxSender> outbox;
  std::thread thread;
  const core::ChatRef group{"fake", core::ChatKind::group, "G1"};

  OutboxSenderTest() {
    options.max_attempts = 3;
    options.retry_initial = std::chrono::seconds(2);
    options.retry_max = std::chrono::seconds(60);
    options.poll_interval = std::chrono::hours(1);  // nothing moves unless the test wakes it
    options.on_unreachable = [this](store::Database&, const store::OutboxItem&) { ++unreachable_calls; };
    options.on_given_up = [this](store::Database&, const store::OutboxItem&, std::chrono::milliseconds failing_for) {
      ++given_up_calls;
      given_up_after_ms = failing_for.count();
    };
  }
  void enqueue(const std::string& text, std::vector<std::string> mentions = {}) {
    store::Outbox(db.sql()).enqueue({group, text, std::move(mentions), std::nullopt, std::nullopt}, clock.now_ms());
  }
  void start() {
    worker = std::make_unique<DbWorker>(io.get_executor(), db, clock);
    outbox = std::make_unique<OutboxSender>(io.get_executor(), *worker, clock, options,
                                            std::vector<std::pair<std::string, adapters::Sender*>>{{"fake", &sender}});
    outbox->start();
    thread = std::thread([this] { io.run(); });
  }
  void wake() { boost::asio::post(io, [this] { outbox->wake(); }); }
  store::OutboxCounts counts() {
    std::promise<store::OutboxCounts> result;
    worker->post([&](store::Database& d) { result.set_value(store::Outbox(d.sql()).counts()); });
    return result.get_future().get();
  }
  /// Attempts recorded in the outbox, all rows (read on the worker, after what is queued there).
  std::int64_t attempts() {
    std::promise<std::int64_t> result;
    worker->post([&](store::Database& d) {
      result.set_value(d.sql().execAndGet("SELECT COALESCE(sum(attempts), 0) FROM outbox").getInt64());
    });
    return result.get_future().get();
  }
  /// The sender was called `n` times and each outcome is recorded: a clock moved after this does not leak
  /// into the recorded retry time.
  bool sends_recorded(std::size_t n) {
    return testing::eventually(
        [&] { return sender.sent().size() == n && attempts() == static_cast<std::int64_t>(n); });
  }
  template <class F>
  auto on_io(F f) {
    std::promise<decltype(f())> result;
    boost::asio::post(io, [&] { result.set_value(f()); });
    return result.get_future().get();
  }
  ~OutboxSenderTest() override {
    if (!thread.joinable()) return;
    boost::asio::post(io, [this] { outbox->stop([this] { io.stop(); }); });
    thread.join();
    worker->stop();
  }
};

TEST_F(OutboxSenderTest, ADueRowIsSentOnceAndMarkedSentWithThePlatformsId) {
  enqueue("你好");
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 1; }));
  ASSERT_EQ(sender.sent().size(), 1u);
  EXPECT_EQ(sender.sent()[0].text, "你好");
  SQLite::Statement id(db.sql(), "SELECT platform_message_id FROM messages WHERE direction = 'out'");
  ASSERT_TRUE(id.executeStep());
  EXPECT_EQ(id.getColumn(0).getString(), "P1");
  wake();  // nothing more to send
  EXPECT_EQ(counts().pending, 0);
  EXPECT_EQ(sender.sent().size(), 1u);
}

TEST_F(OutboxSenderTest, ARetryWaitsForItsBackoffAndIsFailedAfterMaxAttempts) {
  for (int i = 0; i < 3; ++i) sender.script({Kind::retry, "", "HTTP 502"});
  enqueue("通知");
  start();
  ASSERT_TRUE(sends_recorded(1));
  wake();  // not yet due: the back-off is 2 s
  EXPECT_EQ(counts().pending, 1);
  EXPECT_EQ(sender.sent().size(), 1u);
  clock.advance(std::chrono::seconds(2));
  wake();
  ASSERT_TRUE(sends_recorded(2));
  clock.advance(std::chrono::seconds(4));  // doubled
  wake();
  ASSERT_TRUE(testing::eventually([&] { return counts().failed == 1; }));
  EXPECT_EQ(sender.sent().size(), 3u);
  EXPECT_EQ(counts().pending, 0);
}

TEST_F(OutboxSenderTest, ASendThatThrowsIsARetryNotACrash) {
  sender.throw_next_ = true;
  enqueue("通知");
  start();
  ASSERT_TRUE(sends_recorded(1));
  EXPECT_EQ(counts().pending, 1);
  clock.advance(std::chrono::seconds(2));
  wake();
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 1; }));
}

TEST_F(OutboxSenderTest, ALongTextGoesInPartsInOrderMentioningOnlyInTheFirst) {
  sender.limit_ = 12;
  enqueue("第一行\n第二行\n第三行", {"mom"});
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 1; }));
  const auto parts = sender.sent();
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].text, "第一行");
  EXPECT_EQ(parts[2].text, "第三行");
  EXPECT_EQ(parts[0].mentions, std::vector<std::string>{"mom"});
  EXPECT_TRUE(parts[1].mentions.empty());
}

TEST_F(OutboxSenderTest, AMessageThatNeedsAReplyWindowWaitsWhenThereIsNone) {
  sender.policy_ = adapters::WindowPolicy::window_only;
  enqueue("只能被动回复");
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().waiting == 1; }));
  EXPECT_TRUE(sender.sent().empty());
  EXPECT_EQ(on_io([&] { return outbox->counters().window_waits.at("fake"); }), 1u);
}

TEST_F(OutboxSenderTest, AGoneChatIsReportedInTheTransactionThatFailsTheRow) {
  sender.script({Kind::failed, "", "chat gone", false, true});
  enqueue("发往已解散的群");
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().failed == 1; }));
  EXPECT_EQ(unreachable_calls.load(), 1);
}

TEST_F(OutboxSenderTest, WithoutACountLimitARetryGoesOnUntilGiveUpAfterAndItsCreatorIsTold) {
  options.max_attempts = 0;
  options.give_up_after = std::chrono::seconds(12);
  options.retry_max = std::chrono::seconds(4);
  for (int i = 0; i < 20; ++i) sender.script({Kind::retry, "", "HTTP 502"});
  enqueue("平台一直出错");
  start();
  ASSERT_TRUE(sends_recorded(1));
  // 2 + 4 + 4 s of back-off: three more attempts, the last 10 s after the first failure, within 12 s.
  for (const int seconds : {2, 4, 4}) {
    const auto before = sender.sent().size();
    clock.advance(std::chrono::seconds(seconds));
    wake();
    ASSERT_TRUE(sends_recorded(before + 1));
  }
  EXPECT_EQ(counts().pending, 1);
  EXPECT_EQ(given_up_calls.load(), 0);
  clock.advance(std::chrono::seconds(4));  // 14 s since the first failure
  wake();
  ASSERT_TRUE(testing::eventually([&] { return counts().failed == 1; }));
  EXPECT_EQ(sender.sent().size(), 5u);  // 5 attempts: more than a count limit would have allowed here
  EXPECT_EQ(given_up_calls.load(), 1);
  EXPECT_EQ(given_up_after_ms.load(), 14'000);
  EXPECT_EQ(on_io([&] { return outbox->counters().given_up.at("fake"); }), 1u);
}

TEST_F(OutboxSenderTest, AChatThatIsGoneIsNotReportedAsGivenUp) {
  sender.script({Kind::failed, "", "chat gone", false, true});
  enqueue("发往已解散的群");
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().failed == 1; }));
  EXPECT_EQ(unreachable_calls.load(), 1);
  EXPECT_EQ(given_up_calls.load(), 0);
}

TEST_F(OutboxSenderTest, AClassMessageGoesBeforeAnswersToMembersQueuedEarlierInTheSameChat) {
  store::Outbox rows(db.sql());
  rows.enqueue({group, "答复一", {}, std::nullopt, std::string("m1")}, clock.now_ms());
  rows.enqueue({group, "答复二", {}, std::nullopt, std::string("m2")}, clock.now_ms());
  rows.enqueue({group, "【告家长书 #1】", {}, 1, std::nullopt}, clock.now_ms());
  rows.enqueue({group, "答复三", {}, std::nullopt, std::string("m3")}, clock.now_ms());
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 4; }));
  std::vector<std::string> order;
  for (const auto& m : sender.sent()) order.push_back(m.text);
  EXPECT_EQ(order, (std::vector<std::string>{"【告家长书 #1】", "答复一", "答复二", "答复三"}));
}

TEST_F(OutboxSenderTest, AnUnknownOutcomeIsSentAgainAtMostOnceWhereThePlatformDropsNoRepeats) {
  sender.script({Kind::retry, "", "network: timeout", false, false, true});
  sender.script({Kind::retry, "", "network: timeout", false, false, true});
  enqueue("可能已经送达");
  start();
  ASSERT_TRUE(sends_recorded(1));
  clock.advance(std::chrono::seconds(2));
  wake();
  ASSERT_TRUE(testing::eventually([&] { return counts().failed == 1; }));
  EXPECT_EQ(sender.sent().size(), 2u);  // at most two copies can have arrived
  EXPECT_EQ(on_io([&] { return outbox->counters().unknown_outcomes.at("fake"); }), 2u);
  EXPECT_EQ(given_up_calls.load(), 1);
}

TEST_F(OutboxSenderTest, AnUnknownOutcomeThenAnAnswerIsTwoSendsAndSent) {
  sender.script({Kind::retry, "", "network: timeout", false, false, true});
  enqueue("可能已经送达");
  start();
  ASSERT_TRUE(sends_recorded(1));
  clock.advance(std::chrono::seconds(2));
  wake();
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 1; }));
  EXPECT_EQ(sender.sent().size(), 2u);
  EXPECT_EQ(db.sql().execAndGet("SELECT unknown_outcomes FROM outbox").getInt(), 1);
}

TEST_F(OutboxSenderTest, ASendUnderWayWhenTheServiceStoppedCountsAsAnUnknownOutcome) {
  enqueue("重启前正在发送");
  enqueue("重启前正在发送，且已经重发过一次");
  {
    store::Outbox rows(db.sql());
    const auto items = rows.due(clock.now_ms(), 10);
    rows.mark_in_flight(items[0], clock.now_ms(), std::nullopt, 0);
    rows.mark_in_flight(items[1], clock.now_ms(), std::nullopt, 1);
  }
  start();
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 1 && counts().failed == 1; }));
  ASSERT_EQ(sender.sent().size(), 1u);  // the second would be its third copy: not sent again
  EXPECT_EQ(sender.sent()[0].text, "重启前正在发送");
  EXPECT_EQ(on_io([&] { return outbox->counters().unknown_outcomes.at("fake"); }), 2u);
}

TEST_F(OutboxSenderTest, WhereThePlatformDropsRepeatsTheSameWindowUseGoesAgainAndItsRefusalMeansDelivered) {
  sender.policy_ = adapters::WindowPolicy::window_only;
  sender.dedupe_windows_ = true;
  sender.script({Kind::retry, "", "network: timeout", false, false, true});  // sent, answer lost
  sender.script({Kind::retry, "", "network: timeout", false, false, true});  // again: still unknown
  sender.script({Kind::failed, "", "HTTP 400 code 40054005"});              // the repeat is refused
  {  // a parent's @-message opened a reply window in the group, and was acted on
    core::IncomingMessage m;
    m.platform_message_id = "at-1";
    m.chat = group;
    m.sender = {"fake", "mom", ""};
    m.text = "@机器人";
    m.reply_window = core::ReplyWindow{"MSGID-1", clock.now_ms() + 300'000, 5};
    store::Messages messages(db.sql());
    messages.mark_processed(messages.insert_incoming(m, clock.now_ms()).message_id, clock.now_ms());
  }
  enqueue("【告家长书 #1】");
  start();
  ASSERT_TRUE(sends_recorded(1));
  for (int i = 0; i < 2; ++i) {
    const auto before = sender.sent().size();
    clock.advance(std::chrono::seconds(10));
    wake();
    ASSERT_TRUE(sends_recorded(before + 1));
  }
  ASSERT_TRUE(testing::eventually([&] { return counts().sent == 1; }));
  const auto routes = sender.routes();
  ASSERT_EQ(routes.size(), 3u);
  for (const auto& route : routes) {
    ASSERT_TRUE(route.window.has_value());
    EXPECT_EQ(route.window->handle, "MSGID-1");
    EXPECT_EQ(route.window->seq, 1);  // never a second msg_seq: the platform drops the repeats
  }
  EXPECT_EQ(given_up_calls.load(), 0);
}

TEST(OutboxSenderBackoff, DoublesFromTheInitialDelayUpToTheMaximum) {
  OutboxOptions options;
  options.retry_initial = std::chrono::seconds(2);
  options.retry_max = std::chrono::seconds(10);
  EXPECT_EQ(OutboxSender::backoff(options, 1), std::chrono::seconds(2));
  EXPECT_EQ(OutboxSender::backoff(options, 2), std::chrono::seconds(4));
  EXPECT_EQ(OutboxSender::backoff(options, 3), std::chrono::seconds(8));
  EXPECT_EQ(OutboxSender::backoff(options, 4), std::chrono::seconds(10));
  EXPECT_EQ(OutboxSender::backoff(options, 40), std::chrono::seconds(10));
}

}  // namespace
}  // namespace jiaxiao::net
