// The real binary as a separate process: answered-2xx messages survive kill -9, messages left
// unprocessed are acted on after the restart, SIGTERM stops gracefully with exit 0.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "store/database.hpp"
#include "store/outbox.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/onebot_events.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {

namespace {

constexpr const char* secret = "crash-test-secret";

using testing::ServerProcess;

struct CrashTest : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform onebot_api;

  std::string write_config() {
    const std::string path = dir.file("jiaxiao.json");
    // Quiet hours off: a run at night in Shanghai must not hold the reminder until 07:30.
    std::ofstream(path) << R"({"listen": "127.0.0.1:0", "database": ")" << dir.file("j.db")
                        << R"(", "admins": ["onebot:12345678"], "quiet_hours": {"start": "00:00", "end": "00:00"},
                           "outbox": {"poll_interval": "200ms", "retry_initial": "50ms"},
                           "pacing": {"onebot": {"group_per_minute": 6000, "burst": 1000}},
                           "platforms": {"onebot": {"secret": ")" << secret << R"(", "api_base": ")"
                        << onebot_api.base_url() << R"("}}})";
    return path;
  }
  net::ClientResponse post(std::uint16_t port, const std::string& body) {
    return testing::http_call("POST", "http://127.0.0.1:" + std::to_string(port) + "/onebot",
                              testing::onebot_headers(secret, body), body);
  }
};

}  // namespace

/// Holds each OneBot send until the test lets that many through: a send "in flight" when the server is killed.
struct HeldSends {
  std::mutex mutex;
  std::condition_variable changed;
  int released = 0, seen = 0;

  net::Response answer() {
    std::unique_lock lock(mutex);
    const int mine = ++seen;
    changed.wait_for(lock, std::chrono::seconds(10), [&] { return released >= mine; });
    return {200, "application/json", R"({"status":"ok","retcode":0,"data":{"message_id":1}})"};
  }
  void release_one() {
    std::lock_guard lock(mutex);
    ++released;
    changed.notify_all();
  }
};

TEST_F(CrashTest, ASendInFlightAtAKillGoesOutOnceMoreAndNeverAThirdTime) {
  const std::string config = write_config();
  {
    store::Database db(dir.file("j.db"));
    store::Outbox(db.sql()).enqueue({{"onebot", core::ChatKind::group, "987654321"}, "【告家长书 #1】寒假安全", {}, std::nullopt,
                                     std::nullopt},
                                    0);
  }
  HeldSends held;
  onebot_api.respond_with([&](const net::Request&) { return held.answer(); });
  for (int run = 1; run <= 2; ++run) {  // killed twice while the letter is being sent
    ServerProcess server(config, dir.file("run" + std::to_string(run) + ".log"));
    ASSERT_NE(server.wait_for_port(), 0);
    ASSERT_EQ(onebot_api.wait_for(static_cast<std::size_t>(run)).size(), static_cast<std::size_t>(run));
    EXPECT_EQ(server.signal_and_wait(SIGKILL), 128 + SIGKILL);
    held.release_one();  // the fake answers a connection nobody listens to any more
  }
  // OneBot drops no repeats: after two sends of unknown outcome it is not sent a third time.
  ServerProcess server(config, dir.file("run3.log"));
  ASSERT_NE(server.wait_for_port(), 0);
  store::Database db(dir.file("j.db"), false);
  ASSERT_TRUE(testing::eventually(
      [&] { return db.sql().execAndGet("SELECT count(*) FROM outbox WHERE state = 'failed'").getInt() == 1; }));
  EXPECT_EQ(onebot_api.requests().size(), 2u);
  EXPECT_EQ(db.sql().execAndGet("SELECT unknown_outcomes FROM outbox").getInt(), 2);
  EXPECT_EQ(db.sql().execAndGet("SELECT last_error FROM outbox").getString().rfind("outcome unknown twice", 0), 0u);
}

TEST_F(CrashTest, ASendInFlightAtAKillIsSentOnceMoreAfterTheRestart) {
  const std::string config = write_config();
  {
    store::Database db(dir.file("j.db"));
    store::Outbox(db.sql()).enqueue({{"onebot", core::ChatKind::group, "987654321"}, "明天带水彩笔", {}, std::nullopt,
                                     std::nullopt},
                                    0);
  }
  HeldSends held;
  onebot_api.respond_with([&](const net::Request&) { return held.answer(); });
  {
    ServerProcess server(config, dir.file("run1.log"));
    ASSERT_NE(server.wait_for_port(), 0);
    ASSERT_EQ(onebot_api.wait_for(1).size(), 1u);
    EXPECT_EQ(server.signal_and_wait(SIGKILL), 128 + SIGKILL);
  }
  held.release_one();
  held.release_one();  // the second send is answered at once
  ServerProcess server(config, dir.file("run2.log"));
  ASSERT_NE(server.wait_for_port(), 0);
  store::Database db(dir.file("j.db"), false);
  ASSERT_TRUE(testing::eventually(
      [&] { return db.sql().execAndGet("SELECT count(*) FROM outbox WHERE state = 'sent'").getInt() == 1; }));
  EXPECT_EQ(onebot_api.requests().size(), 2u);  // at most two copies
  EXPECT_EQ(db.sql().execAndGet("SELECT unknown_outcomes FROM outbox").getInt(), 1);
}

TEST_F(CrashTest, AKilledServerKeepsEveryMessageItAnswered2xxAndActsOnThemAfterRestart) {
  const std::string config = write_config();
  std::vector<long long> answered;
  {
    ServerProcess server(config, dir.file("run1.log"));
    const auto port = server.wait_for_port();
    ASSERT_NE(port, 0) << "server did not start";
    for (long long id = 1; id <= 40; ++id) {
      const std::string text = id % 4 == 0 ? "/帮助" : "收到";
      if (post(port, testing::onebot_group_event(id, text)).status == 204) answered.push_back(id);
    }
    EXPECT_EQ(server.signal_and_wait(SIGKILL), 128 + SIGKILL);
  }
  ASSERT_EQ(answered.size(), 40u);
  {
    store::Database db(dir.file("j.db"), false);
    for (long long id : answered) {
      SQLite::Statement st(db.sql(), "SELECT count(*) FROM messages WHERE direction = 'in' AND platform_message_id = ?");
      st.bind(1, std::to_string(id) + ":1715000000");
      st.executeStep();
      EXPECT_EQ(st.getColumn(0).getInt(), 1) << "message " << id << " was answered 204 but is not stored once";
    }
  }
  // Restart: whatever the kill interrupted is finished — every /帮助 (ids 4, 8, …, 40) answered.
  ServerProcess server(config, dir.file("run2.log"));
  const auto port = server.wait_for_port();
  ASSERT_NE(port, 0);
  std::set<std::string> answered_ids;
  ASSERT_TRUE(testing::eventually([&] {
    answered_ids.clear();
    for (const auto& request : onebot_api.requests()) {
      const auto body = nlohmann::json::parse(request.body);
      answered_ids.insert(body["message"][0]["data"]["id"].get<std::string>());
    }
    return answered_ids.size() == 10;
  }));
  for (int id = 4; id <= 40; id += 4) EXPECT_TRUE(answered_ids.contains(std::to_string(id))) << id;
  // A reply sent but not yet recorded when the process died goes out again after the restart (the
  // outbox delivers at least once); wait until the outbox is empty before probing.
  ASSERT_TRUE(testing::eventually([&] {
    store::Database db(dir.file("j.db"), false);
    return db.sql().execAndGet("SELECT count(*) FROM outbox WHERE state = 'pending'").getInt() == 0;
  }));
  // A platform retry of a message stored before the crash is not acted on again.
  const auto before = onebot_api.requests().size();
  EXPECT_EQ(post(port, testing::onebot_group_event(4, "/帮助")).status, 204u);
  EXPECT_EQ(post(port, testing::onebot_group_event(41, "/帮助")).status, 204u);
  ASSERT_EQ(onebot_api.wait_for(before + 1).size(), before + 1);
  const auto last = nlohmann::json::parse(onebot_api.requests().back().body);
  EXPECT_EQ(last["message"][0]["data"]["id"], "41");
  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  store::Database db(dir.file("j.db"), false);
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM messages WHERE direction = 'in'").getInt(), 41);
}

TEST_F(CrashTest, AReminderSurvivesKill9AndIsPostedExactlyOnceAfterRestart) {
  const std::string config = write_config();
  auto reminders_posted = [&] {
    std::size_t n = 0;
    for (const auto& request : onebot_api.requests())
      n += testing::sent_text(request.body).rfind("⏰ 提醒 #1：交作业", 0) == 0 ? 1 : 0;
    return n;
  };
  {
    ServerProcess server(config, dir.file("run1.log"));
    const auto port = server.wait_for_port();
    ASSERT_NE(port, 0);
    EXPECT_EQ(post(port, testing::onebot_group_event(1, "/提醒 1分钟后 交作业")).status, 204u);
    ASSERT_EQ(onebot_api.wait_for(1).size(), 1u);
    EXPECT_NE(testing::sent_text(onebot_api.requests()[0].body).find("#1 将在"), std::string::npos);
    EXPECT_EQ(server.signal_and_wait(SIGKILL), 128 + SIGKILL);
  }
  {
    // The minute passes while the server is down.
    store::Database db(dir.file("j.db"), false);
    SQLite::Statement st(db.sql(), "UPDATE reminders SET due_at = due_at - 120000");
    EXPECT_EQ(st.exec(), 1);
  }
  {
    ServerProcess server(config, dir.file("run2.log"));
    ASSERT_NE(server.wait_for_port(), 0);
    ASSERT_TRUE(testing::eventually([&] { return reminders_posted() == 1; }));
    // Firing is exactly once; delivery is at least once (a kill between sending and recording sends it
    // again). Kill only once the delivery is recorded, so the test measures the firing.
    ASSERT_TRUE(testing::eventually([&] {
      store::Database db(dir.file("j.db"), false);
      return db.sql().execAndGet("SELECT count(*) FROM outbox WHERE state = 'sent'").getInt() == 2;
    }));
    EXPECT_EQ(server.signal_and_wait(SIGKILL), 128 + SIGKILL);
  }
  ServerProcess server(config, dir.file("run3.log"));
  const auto port = server.wait_for_port();
  ASSERT_NE(port, 0);
  const auto before = onebot_api.requests().size();
  EXPECT_EQ(post(port, testing::onebot_group_event(2, "/帮助")).status, 204u);
  ASSERT_EQ(onebot_api.wait_for(before + 1).size(), before + 1);  // the restarted server is working
  EXPECT_EQ(reminders_posted(), 1u);
  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  store::Database db(dir.file("j.db"), false);
  EXPECT_EQ(db.sql().execAndGet("SELECT state FROM reminders").getString(), "done");
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM messages WHERE text LIKE '⏰ 提醒 #1%'").getInt(), 1);
}

TEST_F(CrashTest, RepeatedKillsUnderLoadLoseNoAnsweredMessageActOnceAndFireRemindersOnce) {
  const std::string config = write_config();
  constexpr int kills = 5, reminders = 8, clients = 4;
  std::mt19937 random(20261123);  // fixed seed: the same moments on every run
  std::atomic<bool> stop{false};
  std::atomic<std::uint16_t> port{0};
  std::mutex answered_mutex;
  std::set<long long> answered;  // ids answered 204 at least once
  std::atomic<long long> next_id{1};
  std::atomic<int> retries{0};
  // Each client posts new events, and now and then one it already got 204 for again (a platform
  // retry); an event that got no 204 (the server was down) is posted again until it gets one.
  auto client = [&](unsigned seed) {
    std::mt19937 r(seed);
    long long pending = 0;
    while (!stop) {
      long long id = pending;
      if (id == 0 && r() % 8 == 0) {
        std::lock_guard lock(answered_mutex);
        if (!answered.empty()) {
          id = *std::next(answered.begin(), static_cast<long>(r() % answered.size()));
          ++retries;
        }
      }
      if (id == 0) id = next_id++;
      const auto p = port.load();
      const bool ok = p != 0 && post(p, testing::onebot_group_event(id, id % 5 == 0 ? "/帮助" : "收到")).status == 204;
      if (ok) {
        std::lock_guard lock(answered_mutex);
        answered.insert(id);
      }
      pending = ok ? 0 : id;
      if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(5));  // down: the platform backs off
    }
  };
  {
    ServerProcess first(config, dir.file("run0.log"));
    port = first.wait_for_port();
    ASSERT_NE(port.load(), 0);
    for (int k = 0; k < reminders; ++k)
      EXPECT_EQ(post(port, testing::onebot_group_event(900000 + k, "/提醒 1小时后 任务" + std::to_string(k))).status, 204u);
    ASSERT_TRUE(testing::eventually([&] {
      store::Database db(dir.file("j.db"), false);
      return db.sql().execAndGet("SELECT count(*) FROM reminders").getInt() == reminders;
    }));
    // Due one after another while the kills happen (the scheduler looks at the table every 200 ms).
    store::Database db(dir.file("j.db"), false);
    SQLite::Statement due(db.sql(), "UPDATE reminders SET due_at = ? + 250 * id");
    due.bind(1, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch()).count()));
    EXPECT_EQ(due.exec(), reminders);
    EXPECT_EQ(first.signal_and_wait(SIGKILL), 128 + SIGKILL);
    port = 0;
  }
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) threads.emplace_back(client, 100 + c);
  for (int kill = 1; kill <= kills; ++kill) {
    ServerProcess server(config, dir.file("run" + std::to_string(kill) + ".log"));
    port = server.wait_for_port();
    ASSERT_NE(port.load(), 0) << "restart " << kill;
    // A random moment under load: after 10 to 40 more answers (counted, so a slow sanitizer build is
    // killed as deep into the load as a fast one).
    const std::size_t target = [&] { std::lock_guard lock(answered_mutex); return answered.size(); }() + 10 + random() % 31;
    ASSERT_TRUE(testing::eventually([&] { std::lock_guard lock(answered_mutex); return answered.size() >= target; },
                                    std::chrono::seconds(30)));
    port = 0;
    EXPECT_EQ(server.signal_and_wait(SIGKILL), 128 + SIGKILL);
  }
  // The last start: the clients finish what they were retrying, then stop.
  ServerProcess last(config, dir.file("last.log"));
  port = last.wait_for_port();
  ASSERT_NE(port.load(), 0);
  const std::size_t target = [&] { std::lock_guard lock(answered_mutex); return answered.size(); }() + 20;
  EXPECT_TRUE(testing::eventually([&] { std::lock_guard lock(answered_mutex); return answered.size() >= target; },
                                  std::chrono::seconds(30)));
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_TRUE(testing::eventually([&] {
    store::Database db(dir.file("j.db"), false);
    return db.sql().execAndGet("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NULL").getInt() == 0 &&
           db.sql().execAndGet("SELECT count(*) FROM reminders WHERE state = 'pending'").getInt() == 0;
  }, std::chrono::seconds(20)));
  EXPECT_EQ(last.signal_and_wait(SIGTERM), 0);

  store::Database db(dir.file("j.db"), false);
  ASSERT_GE(answered.size(), 5u * 10 + 20) << "too little load to mean anything";
  EXPECT_GT(retries.load(), 0) << "no platform retry was sent";
  for (long long id : answered) {
    SQLite::Statement st(db.sql(), "SELECT count(*) FROM messages WHERE direction = 'in' AND platform_message_id = ?");
    st.bind(1, std::to_string(id) + ":1715000000");
    st.executeStep();
    ASSERT_EQ(st.getColumn(0).getInt(), 1) << "message " << id << " was answered 204 but is not stored exactly once";
  }
  // Acted on once: one answer per stored /帮助, however often it was posted and however the kills fell.
  const int helps = db.sql().execAndGet("SELECT count(*) FROM messages WHERE direction = 'in' AND text = '/帮助'").getInt();
  const int answers = db.sql().execAndGet(
      "SELECT count(DISTINCT reply_to) FROM messages WHERE direction = 'out' AND reply_to IS NOT NULL AND text LIKE '%可以使用的命令%'").getInt();
  const int duplicate_answers = db.sql().execAndGet(
      "SELECT count(*) FROM (SELECT reply_to FROM messages WHERE direction = 'out' AND reply_to IS NOT NULL "
      "AND text LIKE '%可以使用的命令%' GROUP BY reply_to HAVING count(*) > 1)").getInt();
  EXPECT_EQ(answers, helps);
  EXPECT_EQ(duplicate_answers, 0);
  // Every reminder fired, each exactly once (one posted message each).
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM reminders WHERE state = 'done'").getInt(), reminders);
  for (int k = 0; k < reminders; ++k) {
    SQLite::Statement st(db.sql(), "SELECT count(*) FROM messages WHERE direction = 'out' AND text LIKE ?");
    st.bind(1, "⏰ 提醒 #%：任务" + std::to_string(k) + "%");
    st.executeStep();
    EXPECT_EQ(st.getColumn(0).getInt(), 1) << "reminder " << k;
  }
}

TEST_F(CrashTest, SigtermStopsGracefullyWithExitZero) {
  ServerProcess server(write_config(), dir.file("run.log"));
  const auto port = server.wait_for_port();
  ASSERT_NE(port, 0);
  EXPECT_EQ(post(port, testing::onebot_group_event(1, "收到")).status, 204u);
  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  std::ifstream log(dir.file("run.log"));
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_NE(text.str().find("event=stopped"), std::string::npos);
  EXPECT_EQ(text.str().find("收到"), std::string::npos) << "message text must not be logged at info level";
}

}  // namespace jiaxiao
