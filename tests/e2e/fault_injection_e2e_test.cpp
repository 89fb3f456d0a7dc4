// The outbox against a platform API that misbehaves on a share of calls: 5xx, answers too slow (the
// send times out, though the platform may have delivered), 429, refusals in the platform's own words
// (a OneBot retcode, a WeCom errcode) and bodies that are no JSON. Everything is delivered in the end,
// in order per group, nothing is sent again once the platform confirmed it, and a group whose API never
// works is given up on visibly. Run for OneBot (send_group_msg) and for WeCom group robots
// (webhook/send); the QQ official bot only answers inside a reply window, covered in qq_e2e_test.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "bot/adapters/wecom/config.hpp"
#include "bot/adapters/onebot/config.hpp"
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

/// What differs between the platforms: how the app reaches the fake API, how a group is linked, where
/// a request says its group and text, and the platform's answers.
struct PlatformScript {
  std::string name;
  std::function<void(config::Config&, const std::string& api_base)> configure;
  /// The robot key a group is linked with (WeCom pushes go through it), if any.
  std::function<std::optional<std::string>(const std::string& group)> link_key;
  /// The group and the text a send request carries.
  std::function<std::pair<std::string, std::string>(const net::Request&)> group_and_text;
  std::string refusal;  // HTTP 200, but the platform says it did not send (worth retrying)
  std::string success;
};

/// gtest names the parameter by this (instead of dumping its bytes).
void PrintTo(const PlatformScript& platform, std::ostream* out) { *out << platform.name; }

PlatformScript onebot_script() {
  return {"onebot",
          [](config::Config& c, const std::string& base) {
            adapters::onebot::settings(c).api_base = base;
            c.pacing["onebot"] = {6000, 6000, 0, 1000};
          },
          [](const std::string&) { return std::optional<std::string>(); },
          [](const net::Request& request) {
            const auto body = nlohmann::json::parse(request.body);
            return std::pair(std::to_string(body["group_id"].get<long long>()), testing::sent_text(request.body));
          },
          R"({"status":"failed","retcode":100,"data":null})", R"({"status":"ok","retcode":0,"data":{"message_id":2}})"};
}

PlatformScript wecom_script() {
  return {"wecom",
          [](config::Config& c, const std::string& base) {
            adapters::onebot::settings(c).enabled = false;
            adapters::wecom::settings(c).enabled = true;
            adapters::wecom::settings(c).bot.token = "RobotToken42";
            adapters::wecom::settings(c).bot.encoding_aes_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
            adapters::wecom::settings(c).api_base = base;
            c.pacing["wecom"] = {6000, 6000, 0, 1000};
          },
          [](const std::string& group) { return std::optional<std::string>("key-" + group); },
          [](const net::Request& request) {
            const std::string marker = "key=key-";
            const auto at = request.target.find(marker);
            const std::string group = at == std::string::npos ? "" : request.target.substr(at + marker.size());
            return std::pair(group, nlohmann::json::parse(request.body)["text"]["content"].get<std::string>());
          },
          R"({"errcode":45009,"errmsg":"api freq out of limit"})", R"({"errcode":0,"errmsg":"ok"})"};
}

struct FaultInjection : ::testing::TestWithParam<PlatformScript> {
  testing::TempDir dir;
  testing::FakePlatform api;
  config::Config config;
  std::mutex mutex;
  long long calls = 0;
  // group → texts in the order of their first success answer. A success may still be lost to the
  // sender (this fake answers one request at a time, so one held back by a slow answer can come too
  // late): that text is sent again, which is allowed until the sender has recorded it as sent.
  std::map<std::string, std::vector<std::string>> confirmed;
  std::map<std::string, std::vector<std::int64_t>> arrivals;  // text → when each request for it came (Unix ms)
  std::map<std::string, int> faults;                          // kind → how many were injected

  const PlatformScript& platform = GetParam();

  FaultInjection() {
    config.listen_port = 0;
    config.database = dir.file("j.db");
    platform.configure(config, api.base_url());
    config.quiet_start_minute = config.quiet_end_minute = 0;
    config.outbox.send_timeout = std::chrono::milliseconds(150);
    config.outbox.retry_initial = std::chrono::milliseconds(10);
    config.outbox.retry_max = std::chrono::milliseconds(40);
    config.outbox.poll_interval = std::chrono::milliseconds(100);
    config.outbox.max_attempts = 40;  // a run of bad luck must not end in a give-up for the good groups
  }

  net::Response answer(const net::Request& request) {
    const auto [group, text] = platform.group_and_text(request);
    std::unique_lock lock(mutex);
    arrivals[text].push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count());
    // Stride 37 over 0..99: every kind of fault comes up within the first few calls, in the same
    // pattern on every run, and about as often as its share.
    const unsigned roll = group == doomed_group ? 0 : static_cast<unsigned>(calls++ * 37 % 100);
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
      fault("refusal");
      return {200, "application/json", platform.refusal};
    }
    if (roll < 40) {
      // Delivered, but the answer comes after the sender gave up waiting: an unknown outcome. It may come
      // again once; a second unknown outcome gives it up (no platform dedupe here), delivered all the same.
      fault("timeout");
      auto& delivered = confirmed[group];
      if (std::find(delivered.begin(), delivered.end(), text) == delivered.end()) delivered.push_back(text);
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return {200, "application/json", platform.success};
    }
    auto& in_order = confirmed[group];
    if (std::find(in_order.begin(), in_order.end(), text) == in_order.end()) in_order.push_back(text);
    return {200, "application/json", platform.success};
  }

  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
};

}  // namespace

TEST_P(FaultInjection, EverythingArrivesInOrderOnceConfirmedAndAHopelessGroupIsGivenUpVisibly) {
  {
    // The messages are in the outbox before the server starts, as after a letter to a grade.
    store::Database db(config.database);
    store::Classes classes(db.sql());
    store::Outbox outbox(db.sql());
    const auto klass = classes.create("年级", 0).id;
    std::vector<core::ChatRef> chats;
    for (int g = 0; g < groups; ++g) chats.push_back({platform.name, core::ChatKind::group, std::to_string(700000000 + g)});
    chats.push_back({platform.name, core::ChatKind::group, doomed_group});
    for (const auto& chat : chats) classes.link(chat, klass, platform.link_key(chat.id), 0);
    for (int i = 0; i < per_group; ++i) {
      for (const auto& chat : chats) {
        if (chat.id == doomed_group && i >= doomed_messages) continue;
        outbox.enqueue({chat, chat.id + "-" + std::to_string(i), {}, std::nullopt, std::nullopt}, 0);
      }
    }
  }
  api.respond_with([this](const net::Request& r) { return answer(r); });
  testing::RunningApp app(config);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'pending'") == 0; },
                                  std::chrono::seconds(60)));

  std::lock_guard lock(mutex);
  for (const char* kind : {"5xx", "429", "malformed", "refusal", "timeout"}) EXPECT_GT(faults[kind], 0) << kind << " never injected";
  for (int g = 0; g < groups; ++g) {
    const std::string group = std::to_string(700000000 + g);
    std::vector<std::string> expected;
    for (int i = 0; i < per_group; ++i) expected.push_back(group + "-" + std::to_string(i));
    // Each text delivered, in the order it was written.
    EXPECT_EQ(confirmed[group], expected) << "group " << group;
  }
  // Nothing is sent again once the sender has recorded the platform's confirmation.
  {
    store::Database db(config.database, false);
    SQLite::Statement sent(db.sql(), "SELECT m.text, o.done_at FROM outbox o JOIN messages m ON m.id = o.message_id "
                                     "WHERE o.state = 'sent'");
    int checked = 0;
    while (sent.executeStep()) {
      ++checked;
      for (const std::int64_t at : arrivals[sent.getColumn(0).getString()])
        EXPECT_LE(at, sent.getColumn(1).getInt64()) << sent.getColumn(0).getString() << " was sent after it was confirmed";
    }
    // A message whose outcome was unknown twice is given up rather than risk a third copy (SPEC §3).
    const auto unknown_twice = count("SELECT count(*) FROM outbox WHERE state = 'failed' AND last_error LIKE 'outcome unknown twice%'");
    EXPECT_EQ(checked + unknown_twice, groups * per_group);
  }
  // The hopeless group: every one of its messages failed after max_attempts, and says so.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'failed' AND last_error NOT LIKE 'outcome unknown twice%'"),
            doomed_messages);
  EXPECT_TRUE(confirmed[doomed_group].empty());
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("jiaxiao_outbox_messages{state=\"failed\"} " +
                         std::to_string(count("SELECT count(*) FROM outbox WHERE state = 'failed'"))),
            std::string::npos)
      << metrics;
}

INSTANTIATE_TEST_SUITE_P(Platforms, FaultInjection, ::testing::Values(onebot_script(), wecom_script()),
                         [](const ::testing::TestParamInfo<PlatformScript>& tested) { return tested.param.name; });

}  // namespace jiaxiao
