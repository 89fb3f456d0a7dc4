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

  OneBotAdapter make(const std::string& secret, bool allow_unsigned) {
    OneBotConfig c;
    c.secret = secret;
    return OneBotAdapter(io.get_executor(), c, allow_unsigned, std::chrono::seconds(1));
  }
  net::Request post(const std::string& payload, const std::string& signature = "") {
    net::Request r{"POST", "/onebot", {{"X-Self-ID", "10001000"}, {"Content-Type", "application/json"}}, payload, "127.0.0.1"};
    if (!signature.empty()) r.headers.emplace("x-signature", signature);  // NapCat sends lower-case names
    return r;
  }
};
}  // namespace

TEST_F(OneBotAdapterTest, ASignedMessageBecomesAnIncomingMessageAnswered204) {
  auto adapter = make("onebot-test-secret", false);
  auto outcome = adapter.handle_webhook(post(body, "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
  EXPECT_EQ(outcome.response.status, 204u);
  ASSERT_TRUE(outcome.message);
  EXPECT_EQ(outcome.message->text, "你好 [x]&");
  EXPECT_FALSE(outcome.signature_failed);
}

TEST_F(OneBotAdapterTest, AForgedOrMissingSignatureIs401WithNothingToStore) {
  auto adapter = make("onebot-test-secret", true);
  for (const std::string& signature : {std::string(), onebot::sign("other", body)}) {
    auto outcome = adapter.handle_webhook(post(body, signature));
    EXPECT_EQ(outcome.response.status, 401u);
    EXPECT_FALSE(outcome.message);
    EXPECT_TRUE(outcome.signature_failed);
  }
}

TEST_F(OneBotAdapterTest, WithoutASecretOnlyLoopbackServersAcceptEvents) {
  EXPECT_EQ(make("", true).handle_webhook(post(body)).response.status, 204u);
  auto outcome = make("", false).handle_webhook(post(body));
  EXPECT_EQ(outcome.response.status, 401u);
  EXPECT_FALSE(outcome.message);
}

TEST_F(OneBotAdapterTest, SignatureIsCheckedBeforeTheBodyIsParsed) {
  auto adapter = make("onebot-test-secret", false);
  EXPECT_EQ(adapter.handle_webhook(post("not json", "sha1=00")).response.status, 401u);
  EXPECT_EQ(adapter.handle_webhook(post("not json", onebot::sign("onebot-test-secret", "not json"))).response.status, 400u);
}

TEST_F(OneBotAdapterTest, NonChatEventsAre204WithoutAMessage) {
  auto adapter = make("s", false);
  const std::string heartbeat = testing::fixture("onebot/heartbeat.json");
  auto outcome = adapter.handle_webhook(post(heartbeat, onebot::sign("s", heartbeat)));
  EXPECT_EQ(outcome.response.status, 204u);
  EXPECT_FALSE(outcome.message);
}

TEST_F(OneBotAdapterTest, OnlyPostIsAllowed) {
  net::Request get{"GET", "/onebot", {}, "", "127.0.0.1"};
  EXPECT_EQ(make("s", false).handle_webhook(get).response.status, 405u);
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
