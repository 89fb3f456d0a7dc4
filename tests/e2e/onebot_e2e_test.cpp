// The whole path over loopback: signed OneBot events POSTed to the real server (port 0), stored,
// routed, answered through the outbox to a fake OneBot HTTP API (port 0).
#include <gtest/gtest.h>

#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "bot/adapters/onebot/config.hpp"
#include "bot/app/app.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/onebot_events.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {

namespace {

constexpr const char* secret = "onebot-test-secret";

using testing::RunningApp;

struct OneBotEndToEnd : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform onebot_api;
  config::Config config;

  OneBotEndToEnd() {
    config.listen_port = 0;
    config.database = dir.file("j.db");
    adapters::onebot::settings(config).secret = secret;
    adapters::onebot::settings(config).access_token = "napcat-token";
    adapters::onebot::settings(config).api_base = onebot_api.base_url();
    config.pacing["onebot"] = {6000, 6000, 0, 1000};  // pacing has tests of its own
    config.outbox.retry_initial = std::chrono::milliseconds(20);
    config.outbox.retry_max = std::chrono::milliseconds(100);
    config.outbox.poll_interval = std::chrono::milliseconds(200);
  }
  net::ClientResponse post_event(const RunningApp& app, const std::string& body) {
    return testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body);
  }
  /// A second connection to the server's database (WAL lets it read while the server writes).
  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
};

}  // namespace

TEST_F(OneBotEndToEnd, ASignedHelpCommandBringsASendGroupMsgToTheApi) {
  RunningApp app(config);
  const auto response = post_event(app, testing::onebot_group_event(1, "／帮助"));
  EXPECT_EQ(response.status, 204u);
  auto requests = onebot_api.wait_for(1);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path(), "/send_group_msg");
  ASSERT_NE(requests[0].header("Authorization"), nullptr);
  EXPECT_EQ(*requests[0].header("Authorization"), "Bearer napcat-token");
  const auto body = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(body["group_id"], 987654321);
  EXPECT_EQ(body["message"][0]["type"], "reply");
  EXPECT_EQ(body["message"][0]["data"]["id"], "1");
  EXPECT_NE(body["message"].back()["data"]["text"].get<std::string>().find("可以使用的命令"), std::string::npos);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 1; }));
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'out' AND platform_message_id = '1000'"), 1);
}

TEST_F(OneBotEndToEnd, ThePublishedVectorIsStoredAndOrdinaryChatIsNotAnswered) {
  RunningApp app(config);
  const std::string body = R"({"time":1715000000,"self_id":10001000,"post_type":"message","message_type":"group","sub_type":"normal","message_id":123456,"group_id":987654321,"user_id":12345678,"anonymous":null,"message":[{"type":"at","data":{"qq":"10001000"}},{"type":"text","data":{"text":" 你好 [x]&"}}],"raw_message":"[CQ:at,qq=10001000] 你好 &#91;x&#93;&amp;","font":0,"sender":{"user_id":12345678,"nickname":"小明","card":"班长","role":"admin"}})";
  const auto response = testing::http_call("POST", app.url("/onebot"),
                                           {{"X-Signature", "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"}}, body);
  EXPECT_EQ(response.status, 204u);
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE text = '你好 [x]&' AND mentions_bot = 1"), 1);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM messages WHERE processed_at IS NULL") == 0; }));
  EXPECT_TRUE(onebot_api.requests().empty());
}

TEST_F(OneBotEndToEnd, TheSameDeliveryTwiceIsStoredOnceAndAnsweredOnce) {
  RunningApp app(config);
  const std::string body = testing::onebot_group_event(7, "/帮助");
  EXPECT_EQ(post_event(app, body).status, 204u);
  EXPECT_EQ(post_event(app, body).status, 204u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") >= 1; }));
  // A later command is answered after the first; if the retry had been acted on, its answer would be here too.
  EXPECT_EQ(post_event(app, testing::onebot_group_event(8, "/help")).status, 204u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 2; }));
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in'"), 2);
  EXPECT_EQ(onebot_api.requests().size(), 2u);
}

TEST_F(OneBotEndToEnd, AForgedSignatureIs401AndNothingIsStored) {
  RunningApp app(config);
  const std::string body = testing::onebot_group_event(9, "/帮助");
  auto forged = testing::onebot_headers("not-the-secret", body);
  EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), forged, body).status, 401u);
  EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), {}, body).status, 401u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
  const auto metrics = testing::http_call("GET", app.url("/metrics"));
  EXPECT_NE(metrics.body.find("jiaxiao_signature_failures_total 2"), std::string::npos);
}

TEST_F(OneBotEndToEnd, AnOversizedBodyIs413) {
  config.server.body_limit = 2048;
  RunningApp app(config);
  const std::string body = testing::onebot_group_event(10, std::string(4096, 'x'));
  EXPECT_EQ(post_event(app, body).status, 413u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
}

TEST_F(OneBotEndToEnd, SignedButUnparseableIs400AndWrongPathsAndMethodsAreRefused) {
  RunningApp app(config);
  EXPECT_EQ(post_event(app, "{\"post_type\":").status, 400u);
  EXPECT_EQ(testing::http_call("GET", app.url("/onebot")).status, 405u);
  EXPECT_EQ(testing::http_call("GET", app.url("/nothing-here")).status, 404u);
  EXPECT_EQ(testing::http_call("POST", app.url("/healthz")).status, 405u);
  const auto health = testing::http_call("GET", app.url("/healthz"));
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(health.body, "ok\n");
}

TEST_F(OneBotEndToEnd, A5xxFromTheApiIsRetriedUntilItIsSent) {
  std::atomic<int> calls{0};
  onebot_api.respond_with([&](const net::Request&) {
    net::Response r;
    if (calls++ < 2) return net::text_response(502, "bad gateway");
    r.content_type = "application/json";
    r.body = R"({"status":"ok","retcode":0,"data":{"message_id":55}})";
    return r;
  });
  RunningApp app(config);
  EXPECT_EQ(post_event(app, testing::onebot_group_event(11, "/帮助")).status, 204u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 1; }));
  EXPECT_EQ(onebot_api.requests().size(), 3u);
  EXPECT_EQ(count("SELECT attempts FROM outbox"), 3);
}

TEST_F(OneBotEndToEnd, AMessageIsMarkedFailedAfterMaxAttemptsAndMetricsShowIt) {
  config.outbox.max_attempts = 2;
  std::atomic<bool> down{true};
  onebot_api.respond_with([&](const net::Request&) {
    if (down) return net::text_response(500, "down");
    return net::Response{200, "application/json", R"({"status":"ok","retcode":0,"data":{"message_id":56}})"};
  });
  RunningApp app(config);
  EXPECT_EQ(post_event(app, testing::onebot_group_event(12, "/帮助")).status, 204u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'failed'") == 1; }));
  EXPECT_EQ(onebot_api.requests().size(), 2u);
  const auto metrics = testing::http_call("GET", app.url("/metrics"));
  EXPECT_NE(metrics.body.find("jiaxiao_outbox_messages{state=\"failed\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("jiaxiao_outbox_given_up_total{platform=\"onebot\"} 1"), std::string::npos);

  // The school's IT teacher sees it from the shell and sends it again once the platform is back.
  const std::string config_file = dir.file("jiaxiao.json");
  std::ofstream(config_file) << R"({"database": ")" << config.database << R"("})";
  const auto listed = testing::run_jiaxiao({"outbox", "list", "--failed", "--config", config_file});
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.out.find("failed\tonebot:987654321\tattempts=2"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("error=HTTP 500"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("1 message(s)"), std::string::npos);
  EXPECT_EQ(testing::run_jiaxiao({"outbox", "retry", "12345", "--config", config_file}).exit_code, 1);
  down = false;
  const auto retried = testing::run_jiaxiao({"outbox", "retry", "--failed", "--config", config_file});
  EXPECT_EQ(retried.exit_code, 0);
  EXPECT_NE(retried.out.find("queued again: 1 failed message(s)"), std::string::npos) << retried.out;
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 1; }));
  EXPECT_EQ(onebot_api.requests().size(), 3u);
}

TEST_F(OneBotEndToEnd, AnApiThatAnswersOnlyAfterTheTimeoutGetsAMessageAtMostTwice) {
  // Each call is delivered but answered after outbox.send_timeout: the outcome is unknown. OneBot drops no
  // repeats, so the answer is sent once more and then given up, never a third time.
  config.outbox.send_timeout = std::chrono::milliseconds(100);
  onebot_api.respond_with([](const net::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the platform is slow, not the test
    return net::Response{200, "application/json", R"({"status":"ok","retcode":0,"data":{"message_id":58}})"};
  });
  RunningApp app(config);
  EXPECT_EQ(post_event(app, testing::onebot_group_event(13, "/帮助")).status, 204u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'failed'") == 1; }));
  EXPECT_EQ(onebot_api.wait_for(2).size(), 2u);  // the fake reads the second while it sleeps over the first
  EXPECT_EQ(count("SELECT unknown_outcomes FROM outbox"), 2);
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("jiaxiao_outbox_unknown_outcomes_total{platform=\"onebot\"} 2"), std::string::npos) << metrics;
  EXPECT_FALSE(onebot_api.wait_for(3, std::chrono::milliseconds(800)).size() > 2);  // and no third copy later
}

TEST_F(OneBotEndToEnd, APlatformDownForManyAttemptsGetsEverythingOnceInOrderWhenItIsBack) {
  // Twelve failed calls: more than the old fixed limit of attempts; outbox.give_up_after is 24 h.
  std::atomic<int> calls{0};
  onebot_api.respond_with([&](const net::Request&) {
    if (calls++ < 12) return net::text_response(502, "bad gateway");
    return net::Response{200, "application/json", R"({"status":"ok","retcode":0,"data":{"message_id":57}})"};
  });
  RunningApp app(config);
  for (int id = 31; id <= 33; ++id) EXPECT_EQ(post_event(app, testing::onebot_group_event(id, "/帮助")).status, 204u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 3; }));
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'failed'"), 0);
  const auto requests = onebot_api.requests();
  ASSERT_EQ(requests.size(), 15u);  // 12 refused, then each answer once
  std::vector<std::string> answered;
  for (std::size_t i = 12; i < requests.size(); ++i)
    answered.push_back(nlohmann::json::parse(requests[i].body)["message"][0]["data"]["id"].get<std::string>());
  EXPECT_EQ(answered, (std::vector<std::string>{"31", "32", "33"}));
}

TEST_F(OneBotEndToEnd, RepliesWrittenWhileTheServerWasDownGoOutAfterRestart) {
  {
    store::Database db(config.database);
    core::OutgoingMessage m{{"onebot", core::ChatKind::group, "987654321"}, "离线时排队的消息", {}, std::nullopt, std::nullopt};
    store::Outbox(db.sql()).enqueue(m, 1);
  }
  RunningApp app(config);
  auto requests = onebot_api.wait_for(1);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].body.find("离线时排队的消息"), std::string::npos);
}

}  // namespace jiaxiao

namespace jiaxiao {

// Pacing and splitting through the real outbox: a class whose group is at its limit waits, another
// class's group does not; a long text goes out in parts, in order.
TEST_F(OneBotEndToEnd, ABusyGroupWaitsForItsLimitWithoutDelayingAnother) {
  config.pacing["onebot"] = {1, 1, 0, 2};  // 2 at once, then one a minute per group
  {
    store::Database db(config.database);
    store::Outbox outbox(db.sql());
    for (int i = 1; i <= 4; ++i)
      outbox.enqueue({{"onebot", core::ChatKind::group, "111"}, "甲班第" + std::to_string(i) + "条", {}, std::nullopt,
                      std::nullopt},
                     1);
    for (int i = 1; i <= 2; ++i)
      outbox.enqueue({{"onebot", core::ChatKind::group, "222"}, "乙班第" + std::to_string(i) + "条", {}, std::nullopt,
                      std::nullopt},
                     2);
  }
  RunningApp app(config);
  const auto requests = onebot_api.wait_for(4);
  std::vector<std::string> texts;
  for (const auto& r : requests) texts.push_back(testing::sent_text(r.body));
  ASSERT_EQ(requests.size(), 4u) << ::testing::PrintToString(texts);
  // 甲班 sends its burst of two and waits; 乙班's two go out meanwhile, behind 甲班's older rows.
  EXPECT_EQ(texts, (std::vector<std::string>{"甲班第1条", "甲班第2条", "乙班第1条", "乙班第2条"}));
  // 甲班's last two wait for its next token (a minute away); everything else is recorded as sent.
  EXPECT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 4; }));
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'pending'"), 2);
}

TEST_F(OneBotEndToEnd, ALongTextGoesOutInPartsInOrder) {
  std::string text;
  for (int line = 1; line <= 300; ++line) text += (line > 1 ? "\n" : "") + ("第" + std::to_string(line) + "行：家长您好。");
  {
    store::Database db(config.database);
    store::Outbox(db.sql()).enqueue({{"onebot", core::ChatKind::group, "111"}, text, {}, std::nullopt, std::nullopt}, 1);
  }
  RunningApp app(config);
  const std::size_t parts = (text.size() + 3999) / 4000 + 1;
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 1; }));
  const auto requests = onebot_api.requests();
  ASSERT_GE(requests.size(), parts - 1);
  std::string joined;
  for (const auto& r : requests) {
    const std::string part = testing::sent_text(r.body);
    EXPECT_LE(part.size(), 4000u);
    joined += (joined.empty() ? "" : "\n") + part;
  }
  EXPECT_TRUE(joined == text) << "the parts do not join back into the text";
}

}  // namespace jiaxiao
