#include "bot/adapters/onebot/adapter.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/adapters/onebot/signature.hpp"
#include "tests/support/fixtures.hpp"

namespace jiaxiao::adapters::onebot {

namespace {
struct OneBotAdapterTest : ::testing::Test {
  boost::asio::io_context io;
  std::string body = testing::fixture("onebot/group_message_vector.json");

  OneBotAdapter make(const std::string& secret) {
    OneBotConfig c;
    c.secret = secret;
    return OneBotAdapter(io.get_executor(), c, std::chrono::seconds(1));
  }
  net::Request post(const std::string& payload, const std::string& signature = "") {
    net::Request r{"POST", "/onebot", {{"X-Self-ID", "10001000"}, {"Content-Type", "application/json"}}, payload, "127.0.0.1"};
    if (!signature.empty()) r.headers.emplace("x-signature", signature);  // NapCat sends lower-case names
    return r;
  }
};
}  // namespace

TEST_F(OneBotAdapterTest, ASignedMessageBecomesAnIncomingMessageAnswered204) {
  auto adapter = make("onebot-test-secret");
  auto outcome = adapter.handle_webhook(post(body, "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
  EXPECT_EQ(outcome.response.status, 204u);
  ASSERT_TRUE(outcome.message);
  EXPECT_EQ(outcome.message->text, "你好 [x]&");
  EXPECT_FALSE(outcome.signature_failed);
}

TEST_F(OneBotAdapterTest, AForgedOrMissingSignatureIs401WithNothingToStore) {
  auto adapter = make("onebot-test-secret");
  for (const std::string& signature : {std::string(), onebot::sign("other", body)}) {
    auto outcome = adapter.handle_webhook(post(body, signature));
    EXPECT_EQ(outcome.response.status, 401u);
    EXPECT_FALSE(outcome.message);
    EXPECT_TRUE(outcome.signature_failed);
  }
}

TEST_F(OneBotAdapterTest, WithoutASecretOnlyThisMachineNotThroughAProxyIsHeard) {
  auto adapter = make("");
  EXPECT_EQ(adapter.handle_webhook(post(body)).response.status, 204u);
  auto dual_stack = post(body);
  dual_stack.remote_address = "::ffff:127.0.0.1";
  EXPECT_EQ(adapter.handle_webhook(dual_stack).response.status, 204u);
  // The attack of issue 21: an unsigned event as the admin, through the shipped nginx site.
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"X-Real-IP", "198.51.100.7"}, {"x-forwarded-for", "198.51.100.7"}, {"Forwarded", "for=198.51.100.7"}}) {
    auto proxied = post(body);
    proxied.headers.emplace(name, value);
    auto outcome = adapter.handle_webhook(proxied);
    EXPECT_EQ(outcome.response.status, 401u) << name;
    EXPECT_FALSE(outcome.message);
    EXPECT_TRUE(outcome.signature_failed);
  }
  for (const std::string peer : {"198.51.100.7", "::ffff:198.51.100.7", "10.0.0.2", "::2"}) {
    auto remote = post(body);
    remote.remote_address = peer;
    EXPECT_EQ(adapter.handle_webhook(remote).response.status, 401u) << peer;
  }
}

TEST_F(OneBotAdapterTest, SignatureIsCheckedBeforeTheBodyIsParsed) {
  auto adapter = make("onebot-test-secret");
  EXPECT_EQ(adapter.handle_webhook(post("not json", "sha1=00")).response.status, 401u);
  EXPECT_EQ(adapter.handle_webhook(post("not json", onebot::sign("onebot-test-secret", "not json"))).response.status, 400u);
}

TEST_F(OneBotAdapterTest, NonChatEventsAre204WithoutAMessage) {
  auto adapter = make("s");
  const std::string heartbeat = testing::fixture("onebot/heartbeat.json");
  auto outcome = adapter.handle_webhook(post(heartbeat, onebot::sign("s", heartbeat)));
  EXPECT_EQ(outcome.response.status, 204u);
  EXPECT_FALSE(outcome.message);
}

TEST_F(OneBotAdapterTest, OnlyPostIsAllowed) {
  net::Request get{"GET", "/onebot", {}, "", "127.0.0.1"};
  EXPECT_EQ(make("s").handle_webhook(get).response.status, 405u);
}

TEST(OneBotRequestBody, GroupAnswerQuotesTheCommandAndMentionsAsSegments) {
  core::OutgoingMessage m{{"onebot", core::ChatKind::group, "987654321"}, "请回复收到", {"111"}, 3, "123456:1715000000"};
  const auto body = nlohmann::json::parse(OneBotAdapter::request_body(m));
  EXPECT_EQ(body["group_id"], 987654321);
  EXPECT_EQ(body["auto_escape"], false);
  ASSERT_EQ(body["message"].size(), 4u);
  EXPECT_EQ(body["message"][0]["type"], "reply");
  EXPECT_EQ(body["message"][0]["data"]["id"], "123456");
  EXPECT_EQ(body["message"][1]["data"]["qq"], "111");
  EXPECT_EQ(body["message"][3]["data"]["text"], "请回复收到");
}

TEST(OneBotRequestBody, PrivateMessageGoesToTheUser) {
  core::OutgoingMessage m{{"onebot", core::ChatKind::private_chat, "22334455"}, "你好", {}, std::nullopt, std::nullopt};
  const auto body = nlohmann::json::parse(OneBotAdapter::request_body(m));
  EXPECT_EQ(body["user_id"], 22334455);
  EXPECT_FALSE(body.contains("group_id"));
  ASSERT_EQ(body["message"].size(), 1u);
}

}  // namespace jiaxiao::adapters::onebot
