// The loop runner shared by the outbox and the scheduler: woken early, stopped gracefully, and never
// ended by a round that throws (shared/DESIGN.md rule 14).
#include "bot/net/wakeable_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "tests/support/fake_platform.hpp"

namespace jiaxiao::net {
namespace {

struct WakeableLoopTest : ::testing::Test {
  boost::asio::io_context io{1};
  WakeableLoop loop{io.get_executor(), "test", std::chrono::milliseconds(1)};
  std::atomic<int> rounds{0};
  std::atomic<int> woken_rounds{0};
  std::thread thread;

  std::function<void(int)> each_round;  // what round n does (throwing on some)
  std::chrono::milliseconds pause{1};

  // Member coroutines, not capturing lambdas: a lambda coroutine's captures die with the lambda.
  awaitable<void> body() {
    while (!loop.stopping()) {
      std::function<awaitable<void>()> one = [this] { return one_round(); };
      co_await loop.round(std::move(one));
    }
  }
  awaitable<void> one_round() {
    if (loop.take_woken()) ++woken_rounds;
    const int n = ++rounds;
    each_round(n);
    co_await loop.sleep(pause);
  }
  void start(std::function<void(int)> each, std::chrono::milliseconds sleep) {
    each_round = std::move(each);
    pause = sleep;
    loop.start([this] { return body(); });
    thread = std::thread([this] { io.run(); });
  }
  void stop() {
    std::promise<void> stopped;
    boost::asio::post(io, [&] { loop.stop([&] { stopped.set_value(); }); });
    stopped.get_future().wait();
    io.stop();
    thread.join();
  }
  ~WakeableLoopTest() override {
    if (thread.joinable()) stop();
  }
};

TEST_F(WakeableLoopTest, AThrowingRoundIsCountedAndTheLoopGoesOn) {
  start([](int n) {
    if (n <= 3) throw std::runtime_error("disk full");
  }, std::chrono::milliseconds(1));
  ASSERT_TRUE(testing::eventually([&] { return rounds.load() >= 6; }));
  std::promise<std::uint64_t> failures;
  boost::asio::post(io, [&] { failures.set_value(loop.failures()); });
  EXPECT_EQ(failures.get_future().get(), 3u);
}

TEST_F(WakeableLoopTest, WakeEndsASleepAtOnceAndTheNextRoundSeesIt) {
  start([](int) {}, std::chrono::hours(1));
  ASSERT_TRUE(testing::eventually([&] { return rounds.load() == 1; }));
  boost::asio::post(io, [&] { loop.wake(); });
  ASSERT_TRUE(testing::eventually([&] { return rounds.load() == 2; }));
  EXPECT_EQ(woken_rounds.load(), 1);
}

TEST_F(WakeableLoopTest, StopEndsASleepingLoopAndRunsDoneOnce) {
  start([](int) {}, std::chrono::hours(1));
  ASSERT_TRUE(testing::eventually([&] { return rounds.load() == 1; }));
  stop();  // would hang for an hour if the sleep were not cut short
  EXPECT_EQ(rounds.load(), 1);
}

TEST(WakeableLoop, StoppingALoopThatNeverStartedCompletesAtOnce) {
  boost::asio::io_context io{1};
  WakeableLoop loop(io.get_executor(), "idle");
  bool done = false;
  loop.stop([&] { done = true; });
  EXPECT_TRUE(done);
  EXPECT_TRUE(loop.stopping());
}

}  // namespace
}  // namespace jiaxiao::net
