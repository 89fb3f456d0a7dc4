// The outbox against a platform API that misbehaves on a share of calls: 5xx, answers too slow (the
// send times out, though the platform may have delivered), 429, failed retcodes and bodies that are no
// JSON. Everything is delivered in the end, in order per group, nothing is sent again once the platform
// confirmed it, and a group whose API never works is given up on visibly.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/onebot_events.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {
namespace {

constexpr int groups = 3, per_group = 15;
constexpr const char* doomed_group = "700000099";  // its API call always fails
constexpr int doomed_messages = 2;

struct FaultInjection : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform onebot_api;
  config::Config config;
  std::mutex mutex;
  std::mt19937 random{42};
  std::map<std::string, std::vector<std::string>> confirmed;  // group → texts answered with success, in order
  std::map<std::string, int> faults;                          // kind → how many were injected

  FaultInjection() {
    config.listen_port = 0;
    config.database = dir.file("j.db");
    config.onebot.api_base = onebot_api.base_url();
    config.quiet_start_minute = config.quiet_end_minute = 0;
    config.pacing["onebot"] = {6000, 6000, 0, 1000};
    config.outbox.send_timeout = std::chrono::milliseconds(150);
    config.outbox.retry_initial = std::chrono::milliseconds(10);
    config.outbox.retry_max = std::chrono::milliseconds(40);
    config.outbox.poll_interval = std::chrono::milliseconds(100);
    config.outbox.max_attempts = 40;  // a run of bad luck must not end in a give-up for the good groups
  }

  net::Response answer(const net::Request& request) {
    const auto body = nlohmann::json::parse(request.body);
    const std::string group = std::to_string(body["group_id"].get<long long>());
    const std::string text = testing::sent_text(request.body);
    std::unique_lock lock(mutex);
    const unsigned roll = group == doomed_group ? 0 : random() % 100;
    const auto fault = [&](const char* kind) { ++faults[kind]; };
    if (roll < 12) {
      fault("5xx");
      return net::text_response(502, "bad gateway");
    }
    if (roll < 20) {
      fault("429");
      return net::text_response(429, "slow down");
    }
    if (roll < 28) {
      fault("malformed");
      return net::text_response(200, "<html>upstream error</html>");
    }
    if (roll < 34) {
      fault("retcode");
      net::Response r{200, "application/json", R"({"status":"failed","retcode":100,"data":null})"};
      return r;
    }
    if (roll < 40) {
      // Delivered, but the answer comes after the sender gave up waiting: not confirmed, may come again.
      fault("timeout");
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return {200, "application/json", R"({"status":"ok","retcode":0,"data":{"message_id":1}})"};
    }
    confirmed[group].push_back(text);
    return {200, "application/json", R"({"status":"ok","retcode":0,"data":{"message_id":2}})"};
  }

  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
};

}  // namespace

TEST_F(FaultInjection, EverythingArrivesInOrderOnceConfirmedAndAHopelessGroupIsGivenUpVisibly) {
  {
    // The messages are in the outbox before the server starts, as after a letter to a grade.
    store::Database db(config.database);
    store::Classes classes(db.sql());
    store::Outbox outbox(db.sql());
    const auto klass = classes.create("年级", 0).id;
    std::vector<core::ChatRef> chats;
    for (int g = 0; g < groups; ++g) chats.push_back({"onebot", core::ChatKind::group, std::to_string(700000000 + g)});
    chats.push_back({"onebot", core::ChatKind::group, doomed_group});
    for (const auto& chat : chats) classes.link(chat, klass, std::nullopt, 0);
    for (int i = 0; i < per_group; ++i) {
      for (const auto& chat : chats) {
        if (chat.id == doomed_group && i >= doomed_messages) continue;
        outbox.enqueue({chat, chat.id + "-" + std::to_string(i), {}, std::nullopt, std::nullopt}, 0);
      }
    }
  }
  onebot_api.respond_with([this](const net::Request& r) { return answer(r); });
  testing::RunningApp app(config);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'pending'") == 0; },
                                  std::chrono::seconds(60)));

  std::lock_guard lock(mutex);
  for (const char* kind : {"5xx", "429", "malformed", "retcode", "timeout"}) EXPECT_GT(faults[kind], 0) << kind << " never injected";
  for (int g = 0; g < groups; ++g) {
    const std::string group = std::to_string(700000000 + g);
    std::vector<std::string> expected;
    for (int i = 0; i < per_group; ++i) expected.push_back(group + "-" + std::to_string(i));
    // Each text confirmed exactly once (never sent again after a success), in the order it was written.
    EXPECT_EQ(confirmed[group], expected) << "group " << group;
  }
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'sent'"), groups * per_group);
  // The hopeless group: every one of its messages failed after max_attempts, and says so.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'failed'"), doomed_messages);
  EXPECT_TRUE(confirmed[doomed_group].empty());
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("jiaxiao_outbox_messages{state=\"failed\"} " + std::to_string(doomed_messages)), std::string::npos) << metrics;
}

}  // namespace jiaxiao
