// The QQ official bot: the worked examples of shared/PROTOCOLS.md §2.7, the webhook's refusals, the
// payloads, and the meaning of the API's answers.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/adapters/qq/adapter.hpp"
#include "bot/adapters/qq/event.hpp"
#include "bot/adapters/qq/signature.hpp"
#include "tests/support/fake_clock.hpp"

namespace jiaxiao::adapters::qq {
namespace {

TEST(QqSignature, TheSeedRepeatsTheSecret) {
  EXPECT_EQ(seed_from_secret("naOC0ocQE3shWLAfffVLB1rhYPG7"), "naOC0ocQE3shWLAfffVLB1rhYPG7naOC");
  EXPECT_EQ(seed_from_secret("DG5g3B4j9X2KOErG"), "DG5g3B4j9X2KOErGDG5g3B4j9X2KOErG");
  EXPECT_EQ(seed_from_secret(std::string(40, 'x')), std::string(32, 'x'));
}

TEST(QqSignature, TheSignMdDemoVerifiesOnlyOverThePrettyPrintedBody) {
  const BotKey key("naOC0ocQE3shWLAfffVLB1rhYPG7");
  EXPECT_EQ(key.public_key_hex(), "d7c362fe78aef81ff23287b493628b5db02a3c4fe30b215e4d19609b5d76673a");
  const std::string signature =
      "865ad13a61752ca65e26bde6676459cd36cf1be609375b37bd62af366e1dc25a8dc789ba7f14e017ada3d554c671a911bfdf075ba54835b23391d509579ed002";
  EXPECT_TRUE(key.verify("1725442341", "{\n  \"op\": 0,\n  \"d\": {},\n  \"t\": \"GATEWAY_EVENT_NAME\"\n}", signature));
  EXPECT_FALSE(key.verify("1725442341", R"({ "op": 0,"d": {}, "t": "GATEWAY_EVENT_NAME"})", signature));
}

TEST(QqSignature, TheBotgoVectorAndItsOffByOneTimestamp) {
  const BotKey key("123456abcdef");
  const std::string body =
      R"({"id":"ROBOT1.0_veoihSEXDc8Q.g-6eLpNIa11bH8MisOjn-m-LKxCPntMk6exUXgcWCGpVO7L2QKTNZzjZzFFDSbiOFcqAPWyVA!!","content":"哦一下","timestamp":"2024-10-15T16:33:15+08:00","author":{"id":"675860273","user_openid":"675860273"}})";
  const std::string signature =
      "e949b5b94ef4103df903fb031d1d16e358db3db83e79e117edd404c8508be3ce8a76d7bad1bed353194c126a1a5915b4ad8b5288c1191cc53a12acffccd82004";
  EXPECT_TRUE(key.verify("1728981195", body, signature));
  EXPECT_FALSE(key.verify("1728981196", body, signature));
  EXPECT_FALSE(key.verify("1728981195", body, signature.substr(0, 126)));  // truncated
  std::string high_bits = signature;
  high_bits[126] = 'e';  // last byte 0xe4: the top bits the official code rejects
  EXPECT_FALSE(key.verify("1728981195", body, high_bits));
  EXPECT_FALSE(key.verify("1728981195", body, "zz" + signature.substr(2)));
}

struct QqAdapterTest : ::testing::Test {
  boost::asio::io_context io;
  testing::FakeClock clock{1725442341LL * 1000};
  QqConfig config = [] {
    QqConfig c;
    c.enabled = true;
    c.app_id = "11111111";
    c.secret = "DG5g3B4j9X2KOErG";
    return c;
  }();
  QqAdapter adapter{io.get_executor(), config, clock, std::chrono::seconds(1)};
  BotKey platform{"DG5g3B4j9X2KOErG"};  // QQ signs with the bot's own key

  net::Request signed_post(const std::string& body, const std::string& timestamp = "1725442341") {
    return {"POST", "/qq",
            {{"X-Signature-Ed25519", platform.sign_hex(timestamp + body)}, {"X-Signature-Timestamp", timestamp},
             {"User-Agent", "QQBot-Callback"}, {"X-Bot-Appid", "11111111"}},
            body, "127.0.0.1"};
  }
};

TEST_F(QqAdapterTest, TheWorkedValidationExampleIsAnsweredByteForByte) {
  auto outcome = adapter.handle_webhook(signed_post(R"({"d":{"plain_token":"Arq0D5A61EgUu4OxUvOp","event_ts":"1725442341"},"op":13})"));
  EXPECT_EQ(outcome.response.status, 200u);
  EXPECT_EQ(outcome.response.body,
            R"({"plain_token":"Arq0D5A61EgUu4OxUvOp","signature":"87befc99c42c651b3aac0278e71ada338433ae26fcb24307bdc5ad38c1adc2d01bcfcadc0842edac85e85205028a1132afe09280305f13aa6909ffc2d652c706"})");
  EXPECT_FALSE(outcome.message.has_value());
  // event_ts as a number (an old draft) signs the same text.
  auto numeric = adapter.handle_webhook(signed_post(R"({"d":{"plain_token":"Arq0D5A61EgUu4OxUvOp","event_ts":1725442341},"op":13})"));
  EXPECT_EQ(numeric.response.body, outcome.response.body);
}

TEST_F(QqAdapterTest, AGroupAtMessageBecomesAMessageWithAFiveReplyWindow) {
  const std::string body = R"({"id":"evt1","op":0,"s":3,"t":"GROUP_AT_MESSAGE_CREATE","d":{"id":"ROBOT1.0_abc","content":" <@!1234> /帮助","timestamp":"2024-09-04T17:32:21+08:00","group_openid":"G_OPEN","author":{"member_openid":"M_OPEN"}}})";
  auto outcome = adapter.handle_webhook(signed_post(body));
  EXPECT_EQ(outcome.response.status, 200u);
  EXPECT_EQ(outcome.response.body, R"({"d":0,"op":12})");
  ASSERT_TRUE(outcome.message.has_value());
  const auto& m = *outcome.message;
  EXPECT_EQ(m.text, "/帮助");
  EXPECT_EQ(m.chat, (core::ChatRef{"qq", core::ChatKind::group, "G_OPEN"}));
  EXPECT_EQ(m.sender.id, "M_OPEN");
  EXPECT_EQ(m.platform_message_id, "ROBOT1.0_abc");
  ASSERT_TRUE(m.reply_window.has_value());
  EXPECT_EQ(m.reply_window->handle, "ROBOT1.0_abc");
  EXPECT_EQ(m.reply_window->max_uses, 5);
  EXPECT_EQ(m.reply_window->expires_at_ms, clock.now_ms() + group_window_ms);

  const std::string c2c = R"({"op":0,"t":"C2C_MESSAGE_CREATE","d":{"id":"c1","content":"收到","author":{"user_openid":"U_OPEN"}}})";
  auto direct = adapter.handle_webhook(signed_post(c2c));
  ASSERT_TRUE(direct.message.has_value());
  EXPECT_EQ(direct.message->chat, (core::ChatRef{"qq", core::ChatKind::private_chat, "U_OPEN"}));
  EXPECT_EQ(direct.message->reply_window->expires_at_ms, clock.now_ms() + c2c_window_ms);

  auto other = adapter.handle_webhook(signed_post(R"({"op":0,"t":"FRIEND_ADD","d":{"openid":"U","timestamp":1}})"));
  EXPECT_EQ(other.response.status, 200u);
  EXPECT_FALSE(other.message.has_value());
  EXPECT_FALSE(other.membership.has_value());
}

TEST_F(QqAdapterTest, TheBotAddedToOrRemovedFromAGroupIsNotedWithTheGroup) {
  auto added = adapter.handle_webhook(signed_post(
      R"({"id":"e1","op":0,"t":"GROUP_ADD_ROBOT","d":{"timestamp":1725442341,"group_openid":"G_OPEN","op_member_openid":"M_OPEN"}})"));
  EXPECT_EQ(added.response.status, 200u);
  EXPECT_EQ(added.response.body, R"({"d":0,"op":12})");
  EXPECT_FALSE(added.message.has_value());
  ASSERT_TRUE(added.membership.has_value());
  EXPECT_EQ(added.membership->chat, (core::ChatRef{"qq", core::ChatKind::group, "G_OPEN"}));
  EXPECT_TRUE(added.membership->bot_present);

  auto removed = adapter.handle_webhook(signed_post(
      R"({"id":"e2","op":0,"t":"GROUP_DEL_ROBOT","d":{"timestamp":1725442341,"group_openid":"G_OPEN","op_member_openid":"M_OPEN"}})"));
  ASSERT_TRUE(removed.membership.has_value());
  EXPECT_EQ(removed.membership->chat.id, "G_OPEN");
  EXPECT_FALSE(removed.membership->bot_present);

  auto no_group = adapter.handle_webhook(signed_post(R"({"op":0,"t":"GROUP_DEL_ROBOT","d":{"op_member_openid":"M"}})"));
  EXPECT_EQ(no_group.response.status, 400u);
  EXPECT_FALSE(no_group.membership.has_value());
}

TEST_F(QqAdapterTest, ForgedTruncatedStaleAndMissingSignaturesAre401) {
  const std::string body = R"({"op":0,"t":"C2C_MESSAGE_CREATE","d":{"id":"c1","content":"x","author":{"user_openid":"U"}}})";
  auto forged = signed_post(body);
  forged.body = R"({"op":0,"t":"C2C_MESSAGE_CREATE","d":{"id":"c2","content":"x","author":{"user_openid":"U"}}})";
  EXPECT_EQ(adapter.handle_webhook(forged).response.status, 401u);
  auto truncated = signed_post(body);
  truncated.headers["X-Signature-Ed25519"].resize(100);
  EXPECT_EQ(adapter.handle_webhook(truncated).response.status, 401u);
  const auto stale = adapter.handle_webhook(signed_post(body, "1725441000"));  // 22 minutes old, validly signed
  EXPECT_EQ(stale.response.status, 401u);
  EXPECT_TRUE(stale.signature_failed);
  auto missing = signed_post(body);
  missing.headers.erase("X-Signature-Timestamp");
  EXPECT_EQ(adapter.handle_webhook(missing).response.status, 401u);
  const BotKey stranger("another-secret");
  auto other_key = signed_post(body);
  other_key.headers["X-Signature-Ed25519"] = stranger.sign_hex("1725442341" + body);
  EXPECT_EQ(adapter.handle_webhook(other_key).response.status, 401u);
  EXPECT_EQ(adapter.handle_webhook(signed_post("not json")).response.status, 400u);
  EXPECT_EQ(adapter.handle_webhook({"GET", "/qq", {}, "", ""}).response.status, 405u);
}

net::ClientResponse answer(unsigned status, const std::string& body) { return {{}, status, body}; }

TEST(QqAnswers, StatusAndCodeDecideRetryOrGiveUp) {
  using Kind = adapters::DeliveryResult::Kind;
  auto sent = classify(answer(200, R"({"id":"m1","timestamp":1})"));
  EXPECT_EQ(sent.kind, Kind::sent);
  EXPECT_EQ(sent.platform_message_id, "m1");
  EXPECT_EQ(classify(answer(401, R"({"code":11241,"message":"token"})")).kind, Kind::retry);
  EXPECT_EQ(classify(answer(400, R"({"code":22009,"message":"msg limit exceed"})")).kind, Kind::retry);
  EXPECT_EQ(classify(answer(429, "")).kind, Kind::retry);
  EXPECT_EQ(classify(answer(503, "")).kind, Kind::retry);
  EXPECT_EQ(classify(answer(400, R"({"code":50006,"message":"empty"})")).kind, Kind::failed);
  EXPECT_EQ(classify(answer(200, R"({"code":40054005,"message":"dup"})")).kind, Kind::failed);
  const auto body = nlohmann::json::parse(reply_body("好的", "ROBOT1.0_abc", 2));
  EXPECT_EQ(body, (nlohmann::json{{"content", "好的"}, {"msg_type", 0}, {"msg_id", "ROBOT1.0_abc"}, {"msg_seq", 2}}));
}

TEST(TimestampWindow, HugeOrNegativeTimestampsAreStaleNotOverflow) {
  // Issue 21: seconds * 1000 overflowed on a signed 64-bit timestamp (UBSan).
  const std::int64_t now = 1'795'420'800'000;
  EXPECT_TRUE(timestamp_fresh("1795420800", now, std::chrono::minutes(5)));
  EXPECT_FALSE(timestamp_fresh("9223372036854775807", now, std::chrono::minutes(5)));
  EXPECT_FALSE(timestamp_fresh("-9223372036854775808", now, std::chrono::minutes(5)));
  EXPECT_FALSE(timestamp_fresh("99999999999999999999", now, std::chrono::minutes(5)));  // not a 64-bit number
  EXPECT_TRUE(timestamp_fresh("9223372036854775807", now, std::chrono::milliseconds(0)));  // "0s": not checked
}

}  // namespace
}  // namespace jiaxiao::adapters::qq
