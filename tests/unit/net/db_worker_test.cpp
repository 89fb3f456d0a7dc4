// The database worker's group commit: a background slice (acting on stored messages) rides on the
// next ingest batch's transaction — one commit, one fsync for both — and a slice that fails is undone
// alone while the batch stays stored; a wake with nothing to do leaves the thread asleep.
#include "bot/net/db_worker.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "tests/support/fake_clock.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::net {

namespace {
struct DbWorkerTest : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  testing::FakeClock clock;
  boost::asio::io_context io{1};
  std::unique_ptr<DbWorker> worker;
  std::atomic<int> commits{0};
  std::thread io_thread;

  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};

  DbWorkerTest() {
    sqlite3_commit_hook(db.sql().getHandle(), [](void* counter) {
      ++*static_cast<std::atomic<int>*>(counter);
      return 0;
    }, &commits);
    worker = std::make_unique<DbWorker>(io.get_executor(), db, clock);
    io_thread = std::thread([this] { io.run(); });
  }
  ~DbWorkerTest() override {
    worker->stop();
    work.reset();
    io.stop();
    io_thread.join();
  }

  static core::IncomingMessage message(const std::string& id) {
    core::IncomingMessage m;
    m.platform_message_id = id;
    m.chat = {"onebot", core::ChatKind::group, "100"};
    m.sender = {"onebot", "200", ""};
    m.text = "收到";
    return m;
  }
  /// Holds the worker until the returned promise is set, so that what is queued meanwhile is taken
  /// in one round.
  std::promise<void> hold() {
    std::promise<void> release;
    auto released = std::make_shared<std::shared_future<void>>(release.get_future().share());
    std::promise<void> holding;
    auto held = holding.get_future();
    worker->post([released, holding = std::make_shared<std::promise<void>>(std::move(holding))](store::Database&) {
      holding->set_value();
      released->wait();
    });
    held.wait();
    return release;
  }
  /// Ingests `m` from a coroutine on the io thread; the future completes once it is committed.
  std::future<bool> ingest(core::IncomingMessage m) {
    auto done = std::make_shared<std::promise<bool>>();
    auto result = done->get_future();
    boost::asio::co_spawn(io, worker->ingest(std::move(m)), [done](std::exception_ptr error, store::IngestResult) {
      done->set_value(error == nullptr);
    });
    return result;
  }
  /// Returns once the io thread has run everything posted before (the ingests' initiations, which
  /// queue their messages on the worker).
  void settle_io() {
    std::promise<void> done;
    boost::asio::post(io, [&] { done.set_value(); });
    done.get_future().wait();
  }
  std::int64_t unprocessed() {
    std::promise<std::int64_t> n;
    worker->post([&](store::Database& d) {
      n.set_value(d.sql().execAndGet("SELECT count(*) FROM messages WHERE processed_at IS NULL").getInt64());
    });
    return n.get_future().get();
  }
  std::int64_t stored() {
    std::promise<std::int64_t> n;
    worker->post([&](store::Database& d) { n.set_value(d.sql().execAndGet("SELECT count(*) FROM messages").getInt64()); });
    return n.get_future().get();
  }
};

/// CPU time (user + system, in clock ticks) used so far by this process's thread named `name`; -1 if
/// there is none.
long cpu_ticks_of_thread(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string thread_name;
    std::getline(comm, thread_name);
    if (thread_name != name) continue;
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the parenthesised name: state is the 3rd field, utime the 14th, stime the 15th.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::stol(field);
      if (i == 15) stime = std::stol(field);
    }
    return utime + stime;
  }
  return -1;
}

/// A slice that marks every stored message processed, and records whether it ran inside a transaction.
std::function<bool(store::Database&)> mark_all(std::atomic<int>& outside_transaction, std::atomic<int>& runs) {
  return [&](store::Database& d) {
    if (sqlite3_get_autocommit(d.sql().getHandle()) != 0) ++outside_transaction;
    ++runs;
    d.sql().exec("UPDATE messages SET processed_at = 1 WHERE processed_at IS NULL");
    return false;
  };
}
}  // namespace

TEST_F(DbWorkerTest, ASliceRidesOnTheNextIngestCommit) {
  std::atomic<int> outside{0}, runs{0};
  worker->set_background(mark_all(outside, runs));
  auto release = hold();
  const int before = commits.load();
  auto first = ingest(message("1:1"));
  auto second = ingest(message("2:1"));
  settle_io();
  worker->wake_background();
  release.set_value();
  EXPECT_TRUE(first.get());
  EXPECT_TRUE(second.get());
  EXPECT_EQ(commits.load() - before, 1) << "the batch and the slice commit together";
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(outside.load(), 0);
  EXPECT_EQ(unprocessed(), 0) << "the slice saw the messages stored in its own transaction";
  EXPECT_EQ(worker->ingest_commits(), 1u);
}

TEST_F(DbWorkerTest, ASliceWithoutIngestHasATransactionOfItsOwn) {
  std::atomic<int> outside{0}, runs{0};
  worker->set_background(mark_all(outside, runs));
  const int before = commits.load();
  worker->wake_background();
  ASSERT_TRUE(testing::eventually([&] { return runs.load() == 1; }));
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(outside.load(), 0);
  EXPECT_EQ(commits.load() - before, 1);
}

TEST_F(DbWorkerTest, AWakeWithNoStepSetLeavesTheThreadAsleep) {
  // `serve` always sets a step; a worker without one (the CLI's, a test's) must not turn a wake into
  // a loop that never sleeps again.
  worker->wake_background();
  EXPECT_EQ(stored(), 0);  // a round after the wake has run
  const long before = cpu_ticks_of_thread("jiaxiao-db");
  ASSERT_GE(before, 0) << "the worker thread is named jiaxiao-db";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // A spinning thread would use most of the 300 ms (30 ticks); an idle one none.
  EXPECT_LT(cpu_ticks_of_thread("jiaxiao-db") - before, 5);
}

TEST_F(DbWorkerTest, AFailingSliceIsUndoneAloneAndTheBatchIsStored) {
  std::atomic<int> runs{0};
  worker->set_background([&](store::Database& d) -> bool {
    ++runs;
    d.sql().exec("UPDATE messages SET processed_at = 1 WHERE processed_at IS NULL");
    throw std::runtime_error("a handler bug");
  });
  auto release = hold();
  auto stored_future = ingest(message("1:1"));
  settle_io();
  worker->wake_background();
  release.set_value();
  EXPECT_TRUE(stored_future.get()) << "the webhook is answered: its message is committed";
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(stored(), 1);
  EXPECT_EQ(unprocessed(), 1) << "the slice's writes were rolled back";
}

}  // namespace jiaxiao::net
