// The scheduler's timer loop with a fake clock: it waits for the earliest row, fires at its time,
// sees rows added later when woken, and fires overdue rows at once when it starts.
#include "bot/net/scheduler.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "store/reminders.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::net {

namespace {
struct SchedulerTest : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  testing::FakeClock clock;
  boost::asio::io_context io{1};
  std::atomic<int> fired_rows{0};
  std::atomic<int> wakes{0};
  std::atomic<int> failing_rounds{0};  // fire_due throws this many times first
  std::unique_ptr<DbWorker> worker;
  std::unique_ptr<Scheduler> scheduler;
  std::thread thread;

  void add(std::int64_t due) {
    store::ReminderRow r;
    r.kind = "custom";
    r.due_at = due;
    store::Reminders(db.sql()).add(r, 0);
  }
  void start() {
    worker = std::make_unique<DbWorker>(io.get_executor(), db, clock);
    scheduler = std::make_unique<Scheduler>(
        io.get_executor(), *worker, clock,
        [this](store::Database& d) {
          if (failing_rounds > 0) {
            --failing_rounds;
            throw std::runtime_error("database or disk is full");
          }
          store::Reminders reminders(d.sql());
          std::size_t n = 0;
          for (const auto& r : reminders.due(clock.now_ms(), 100)) n += reminders.finish(r.id, "done", clock.now_ms());
          fired_rows += static_cast<int>(n);
          return n;
        },
        [](store::Database& d) { return store::Reminders(d.sql()).next_due_ms(); }, [this] { ++wakes; },
        std::chrono::hours(1), std::chrono::milliseconds(1));
    scheduler->start();
    thread = std::thread([this] { io.run(); });
  }
  void wake() { boost::asio::post(io, [this] { scheduler->wake(); }); }
  /// Runs on the worker after everything queued before it (the worker is FIFO).
  std::int64_t pending() {
    std::promise<std::int64_t> result;
    worker->post([&](store::Database& d) { result.set_value(store::Reminders(d.sql()).pending_count()); });
    return result.get_future().get();
  }
  ~SchedulerTest() override {
    if (!thread.joinable()) return;
    boost::asio::post(io, [this] { scheduler->stop([this] { io.stop(); }); });
    thread.join();
    worker->stop();
  }
};
}  // namespace

TEST_F(SchedulerTest, OverdueRowsFireAtStart) {
  add(clock.now_ms() - 60'000);
  add(clock.now_ms() - 1);
  start();
  ASSERT_TRUE(testing::eventually([&] { return fired_rows == 2; }));
  // after_fire runs on the io thread once the worker's answer arrives there, so a moment later.
  EXPECT_TRUE(testing::eventually([&] { return wakes.load() >= 1; }));
}

TEST_F(SchedulerTest, ARowFiresWhenTheClockReachesItAndNotBefore) {
  add(clock.now_ms() + 3'600'000);
  start();
  clock.advance(std::chrono::minutes(59));
  wake();
  ASSERT_TRUE(testing::eventually([&] { return pending() == 1; }));
  EXPECT_EQ(fired_rows.load(), 0);
  clock.advance(std::chrono::minutes(1));
  wake();
  ASSERT_TRUE(testing::eventually([&] { return fired_rows == 1; }));
}

TEST_F(SchedulerTest, ARowAddedLaterIsSeenWhenWoken) {
  start();
  ASSERT_TRUE(testing::eventually([&] { return pending() == 0; }));
  std::promise<void> added;
  worker->post([&](store::Database& d) {  // e.g. /提醒 written by the router on the worker
    store::ReminderRow r;
    r.kind = "custom";
    r.due_at = clock.now_ms() - 1;
    store::Reminders(d.sql()).add(r, 0);
    added.set_value();
  });
  added.get_future().wait();
  wake();
  ASSERT_TRUE(testing::eventually([&] { return fired_rows == 1; }));
}

TEST_F(SchedulerTest, AFailingRoundIsCountedAndTheDueRowFiresOnTheNextRound) {
  add(clock.now_ms() - 1);
  failing_rounds = 2;
  start();
  ASSERT_TRUE(testing::eventually([&] { return fired_rows == 1; }));
  std::promise<std::uint64_t> failures;
  boost::asio::post(io, [&] { failures.set_value(scheduler->failures()); });
  EXPECT_EQ(failures.get_future().get(), 2u);
  EXPECT_EQ(pending(), 0);
}

}  // namespace jiaxiao::net
