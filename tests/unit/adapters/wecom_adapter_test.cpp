// The WeCom adapter's webhook handling (both callbacks, GET and POST, every refusal) and the meaning
// it gives the WeCom APIs' answers.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

#include "bot/adapters/wecom/adapter.hpp"
#include "bot/adapters/wecom/callback.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/wecom_vectors.hpp"

namespace jiaxiao::adapters::wecom {
namespace {

namespace v = testing::wecom_vectors;
constexpr const char* robot_token = "RobotToken42";
constexpr const char* robot_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

std::string encoded(const std::string& value) { return boost::urls::encode(value, boost::urls::unreserved_chars); }

struct WeComAdapterTest : ::testing::Test {
  boost::asio::io_context io;
  testing::FakeClock clock{1'700'000'000'000};
  WeComConfig config = [] {
    WeComConfig c;
    c.enabled = true;
    c.corp_id = v::v1_corp;
    c.token = v::v1_token;
    c.encoding_aes_key = v::v1_key;
    c.bot.token = robot_token;
    c.bot.encoding_aes_key = robot_key;
    c.timestamp_window = std::chrono::milliseconds(0);  // the published vectors are from 2016
    return c;
  }();
  WeComAdapter adapter{io.get_executor(), config, clock, std::chrono::seconds(1)};
  CallbackCrypto robot = *CallbackCrypto::create(robot_token, robot_key, "");

  /// A robot callback POST as WeCom sends it: {"encrypt": …} signed in the query.
  net::Request robot_post(const std::string& plaintext, const std::string& nonce = "n1") {
    const std::string encrypted = robot.seal(plaintext);
    const std::string body = nlohmann::json{{"encrypt", encrypted}}.dump();
    return {"POST", "/wecom/bot?msg_signature=" + robot.sign("1700000000", nonce, encrypted) + "&timestamp=1700000000&nonce=" + nonce,
            {}, body, "127.0.0.1"};
  }
};

TEST_F(WeComAdapterTest, AppUrlVerificationAnswersTheBareEchostrMessage) {
  const std::string target = std::string("/wecom?msg_signature=") + v::v1_verify_signature +
                             "&timestamp=" + v::v1_verify_timestamp + "&nonce=" + v::v1_verify_nonce +
                             "&echostr=" + encoded(v::v1_verify_echostr);
  auto outcome = adapter.handle_webhook({"GET", target, {}, "", ""});
  EXPECT_EQ(outcome.response.status, 200u);
  EXPECT_EQ(outcome.response.body, v::v1_verify_reply);  // no quotes, no newline
  EXPECT_FALSE(outcome.message.has_value());
}

TEST_F(WeComAdapterTest, AppPostOfThePublishedExampleBecomesAMessage) {
  const std::string target = std::string("/wecom?msg_signature=") + v::v1_post_signature +
                             "&timestamp=" + v::v1_post_timestamp + "&nonce=" + v::v1_post_nonce;
  const std::string body = std::string("<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[") +
                           v::v1_post_encrypt + "]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>";
  auto outcome = adapter.handle_webhook({"POST", target, {}, body, ""});
  EXPECT_EQ(outcome.response.status, 200u);
  EXPECT_EQ(outcome.response.body, "");
  ASSERT_TRUE(outcome.message.has_value());
  EXPECT_EQ(outcome.message->text, "你好");
  EXPECT_EQ(outcome.message->chat.id, "ChenJiaShun");

  // Signed over other bytes: 401, nothing to store.
  std::string forged = body;
  forged.replace(forged.find("Kl7k"), 4, "Kl7j");
  auto refused = adapter.handle_webhook({"POST", target, {}, forged, ""});
  EXPECT_EQ(refused.response.status, 401u);
  EXPECT_TRUE(refused.signature_failed);
  EXPECT_FALSE(refused.message.has_value());
}

TEST_F(WeComAdapterTest, RobotVerificationUsesAnEmptyReceiveId) {
  const std::string echostr = robot.seal("8937465");
  const std::string target = "/wecom/bot?msg_signature=" + robot.sign("1700000000", "77", echostr) +
                             "&timestamp=1700000000&nonce=77&echostr=" + encoded(echostr);
  auto outcome = adapter.handle_webhook({"GET", target, {}, "", ""});
  EXPECT_EQ(outcome.response.status, 200u);
  EXPECT_EQ(outcome.response.body, "8937465");
  // The app's path with the robot's keys: not its token, 401.
  auto wrong_path = adapter.handle_webhook({"GET", "/wecom" + target.substr(10), {}, "", ""});
  EXPECT_EQ(wrong_path.response.status, 401u);
}

TEST_F(WeComAdapterTest, RobotGroupMessageIsParsedWithItsWindow) {
  nlohmann::json message = {{"msgid", "abc123"}, {"chatid", "wrkGROUP"}, {"chattype", "group"},
                            {"from", {{"userid", "teacher1"}}}, {"response_url", "http://127.0.0.1:1/r?c=1"},
                            {"msgtype", "text"}, {"text", {{"content", "@家校助手 /帮助"}}}};
  auto outcome = adapter.handle_webhook(robot_post(message.dump()));
  EXPECT_EQ(outcome.response.status, 200u);
  ASSERT_TRUE(outcome.message.has_value());
  EXPECT_EQ(outcome.message->text, "/帮助");
  ASSERT_TRUE(outcome.message->reply_window.has_value());
  EXPECT_EQ(outcome.message->reply_window->expires_at_ms, clock.now_ms() + response_url_life_ms);
}

TEST_F(WeComAdapterTest, ARobotBodyWithCapitalEncryptIsReadToo) {
  // Issue 21: {"Encrypt": …} (as some of WeCom's pages spell it) was 401.
  const nlohmann::json message = {{"msgid", "m-cap"}, {"chatid", "g1"}, {"chattype", "group"},
                                  {"from", {{"userid", "teacher1"}}}, {"msgtype", "text"}, {"text", {{"content", "@家校助手 收到"}}}};
  const std::string encrypted = robot.seal(message.dump());
  net::Request request{"POST", "/wecom/bot?msg_signature=" + robot.sign("1700000000", "n2", encrypted) + "&timestamp=1700000000&nonce=n2",
                       {}, nlohmann::json{{"Encrypt", encrypted}}.dump(), "127.0.0.1"};
  auto outcome = adapter.handle_webhook(request);
  EXPECT_EQ(outcome.response.status, 200u);
  ASSERT_TRUE(outcome.message.has_value());
  EXPECT_EQ(outcome.message->text, "收到");
}

TEST_F(WeComAdapterTest, RefusalsGetTheirStatusAndStoreNothing) {
  // Decrypts, but is no message: 400 (the signature was good).
  auto garbage = adapter.handle_webhook(robot_post("this is not json"));
  EXPECT_EQ(garbage.response.status, 400u);
  EXPECT_FALSE(garbage.signature_failed);
  EXPECT_FALSE(garbage.message.has_value());

  // No signature parameters, no encrypt field, bad Base64 (signed), wrong method.
  EXPECT_EQ(adapter.handle_webhook({"POST", "/wecom/bot", {}, "{}", ""}).response.status, 401u);
  auto no_encrypt = robot_post("{}");
  no_encrypt.body = "{}";
  EXPECT_EQ(adapter.handle_webhook(no_encrypt).response.status, 401u);
  const std::string bad = "%%%not-base64%%%";
  const std::string target = "/wecom/bot?msg_signature=" + robot.sign("1", "2", bad) + "&timestamp=1&nonce=2";
  auto bad_base64 = adapter.handle_webhook({"POST", target, {}, nlohmann::json{{"encrypt", bad}}.dump(), ""});
  EXPECT_EQ(bad_base64.response.status, 401u);
  EXPECT_TRUE(bad_base64.signature_failed);
  // Sealed for the app (receiveid = CorpID) but posted to the robot with the robot's token: 401.
  auto corp_sealed = *CallbackCrypto::create(robot_token, robot_key, v::v1_corp);
  const std::string sealed = corp_sealed.seal(R"({"msgid":"x"})");
  const std::string t2 = "/wecom/bot?msg_signature=" + robot.sign("1", "2", sealed) + "&timestamp=1&nonce=2";
  EXPECT_EQ(adapter.handle_webhook({"POST", t2, {}, nlohmann::json{{"encrypt", sealed}}.dump(), ""}).response.status, 401u);
  EXPECT_EQ(adapter.handle_webhook({"PUT", "/wecom/bot", {}, "", ""}).response.status, 405u);
}

TEST_F(WeComAdapterTest, ACorrectlySignedCallbackOutsideTheTimestampWindowIsRefused) {
  WeComConfig windowed = config;
  windowed.timestamp_window = std::chrono::minutes(5);
  WeComAdapter strict{io.get_executor(), windowed, clock, std::chrono::seconds(1)};
  const std::string plaintext = R"({"msgid":"m1","chatid":"g","chattype":"group","from":{"userid":"u"},"msgtype":"text","text":{"content":"/帮助"}})";
  // robot_post signs with timestamp 1700000000, the fake clock's now: inside the window.
  EXPECT_EQ(strict.handle_webhook(robot_post(plaintext)).response.status, 200u);
  clock.advance(std::chrono::minutes(5) + std::chrono::seconds(1));
  auto replayed = strict.handle_webhook(robot_post(plaintext));
  EXPECT_EQ(replayed.response.status, 401u);
  EXPECT_TRUE(replayed.signature_failed);
  EXPECT_FALSE(replayed.message.has_value());
  // A timestamp that is no number is refused too, although it is signed.
  const std::string sealed = robot.seal(plaintext);
  const std::string target = "/wecom/bot?msg_signature=" + robot.sign("soon", "n", sealed) + "&timestamp=soon&nonce=n";
  EXPECT_EQ(strict.handle_webhook({"POST", target, {}, nlohmann::json{{"encrypt", sealed}}.dump(), ""}).response.status, 401u);
}

TEST_F(WeComAdapterTest, AnUnconfiguredCallbackIs404AndABadKeyStopsTheStart) {
  WeComConfig app_only = config;
  app_only.bot = {};
  WeComAdapter only_app(io.get_executor(), app_only, clock, std::chrono::seconds(1));
  EXPECT_EQ(only_app.handle_webhook({"POST", "/wecom/bot?x=1", {}, "{}", ""}).response.status, 404u);

  WeComConfig bad = config;
  bad.bot.encoding_aes_key = "tooshort";
  try {
    WeComAdapter refused(io.get_executor(), bad, clock, std::chrono::seconds(1));
    FAIL() << "a bad key must stop the start";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("platforms.wecom.bot.encoding_aes_key"), std::string::npos);
  }
}

TEST_F(WeComAdapterTest, WindowPolicyFollowsWhatEachChatOffers) {
  core::OutgoingMessage group{{"wecom", core::ChatKind::group, "g"}, "x", {}, std::nullopt, std::nullopt};
  core::OutgoingMessage member{{"wecom", core::ChatKind::private_chat, "u"}, "x", {}, std::nullopt, std::nullopt};
  EXPECT_EQ(adapter.window_policy(group, "KEY"), adapters::WindowPolicy::prefer_own_window);
  EXPECT_EQ(adapter.window_policy(group, ""), adapters::WindowPolicy::window_only);
  EXPECT_EQ(adapter.window_policy(member, ""), adapters::WindowPolicy::window_only);  // no app credentials here
  WeComConfig with_app = config;
  with_app.secret = "s";
  with_app.agent_id = "1000002";
  WeComAdapter sending(io.get_executor(), with_app, clock, std::chrono::seconds(1));
  EXPECT_EQ(sending.window_policy(member, ""), adapters::WindowPolicy::prefer_own_window);
}

net::ClientResponse answer(const std::string& body, unsigned status = 200) { return {{}, status, body}; }

TEST(WeComErrcodes, EachCodeMeansWhatTheDocsSay) {
  using Kind = adapters::DeliveryResult::Kind;
  EXPECT_EQ(classify(answer(R"({"errcode":0,"errmsg":"ok","msgid":"m1"})")).kind, Kind::sent);
  EXPECT_EQ(classify(answer(R"({"errcode":0,"errmsg":"ok","msgid":"m1"})")).platform_message_id, "m1");
  for (int code : {-1, 45009, 45033, 42001, 40014}) {
    EXPECT_EQ(classify(answer(R"({"errcode":)" + std::to_string(code) + "}")).kind, Kind::retry) << code;
  }
  auto ip = classify(answer(R"({"errcode":60020,"errmsg":"not allow to access from your ip"})"));
  EXPECT_EQ(ip.kind, Kind::retry);
  EXPECT_TRUE(ip.config_error);
  EXPECT_TRUE(classify(answer(R"({"errcode":40001})")).config_error);
  for (int code : {93000, 86003}) {
    auto gone = classify(answer(R"({"errcode":)" + std::to_string(code) + "}"));
    EXPECT_EQ(gone.kind, Kind::failed);
    EXPECT_TRUE(gone.chat_unreachable);
  }
  EXPECT_EQ(classify(answer(R"({"errcode":44004})")).kind, Kind::failed);
  EXPECT_EQ(classify(answer("<html>", 502)).kind, Kind::retry);
  EXPECT_EQ(classify(answer("not json")).kind, Kind::retry);
  EXPECT_EQ(classify(answer("", 404)).kind, Kind::failed);
  EXPECT_TRUE(token_expired(42001) && token_expired(40014) && token_expired(42007) && token_expired(42009));
  EXPECT_FALSE(token_expired(45009));
}

TEST(WeComBodies, RobotMentionsAreAListAndResponseMentionsAreInline) {
  const auto robot = nlohmann::json::parse(robot_body("请回复收到", {"u1", "u2"}));
  EXPECT_EQ(robot["msgtype"], "text");
  EXPECT_EQ(robot["text"]["content"], "请回复收到");
  EXPECT_EQ(robot["text"]["mentioned_list"], nlohmann::json::array({"u1", "u2"}));
  const auto response = nlohmann::json::parse(response_body("好的", {"u1"}));
  EXPECT_EQ(response["markdown"]["content"], "<@u1> 好的");
  const auto member = nlohmann::json::parse(member_body("1000002", "zhangsan", "你好"));
  EXPECT_EQ(member["agentid"], 1000002);
  EXPECT_EQ(member["touser"], "zhangsan");
  EXPECT_EQ(member["text"]["content"], "你好");
  EXPECT_FALSE(member.contains("enable_duplicate_check"));
  const auto repeat = nlohmann::json::parse(member_body("1000002", "zhangsan", "你好", 75));
  EXPECT_EQ(repeat["enable_duplicate_check"], 1);
  EXPECT_EQ(repeat["duplicate_check_interval"], 75);
}

TEST(WeComBodies, AMembersMarkdownLinkOrTagIsShownAsTextNotALink) {
  // A response_url answer is markdown: quoted input must not become a link in the bot's voice.
  const auto body = nlohmann::json::parse(response_body("未知命令：/[点此领取补贴](http://phish.example/x) <font color=\"red\">", {"u1"}));
  const std::string content = body["markdown"]["content"];
  EXPECT_EQ(content.find("]("), std::string::npos) << content;
  EXPECT_EQ(content.find("<font"), std::string::npos) << content;
  EXPECT_EQ(content.rfind("<@u1> ", 0), 0u);  // our own mention still works
  EXPECT_EQ(markdown_inert("1 < 2，【告家长书 #1】"), "1 < 2，【告家长书 #1】");
}

TEST(WeComBodies, TheDuplicateCheckCoversEverySendSinceTheFirstTryUpToFourHours) {
  using std::chrono::milliseconds;
  EXPECT_EQ(duplicate_check_since(1'000'000, 1'000'000, milliseconds(10'000)), 70);  // a timeout and a minute
  EXPECT_EQ(duplicate_check_since(1'000'000, 1'000'000 + 3'600'000, milliseconds(10'000)), 3670);
  EXPECT_EQ(duplicate_check_since(2'000'000, 1'000'000, milliseconds(0)), 60);  // a clock that stepped back
  EXPECT_EQ(duplicate_check_since(0, (max_duplicate_check_s - 70) * 1000, milliseconds(10'000)), max_duplicate_check_s);
  EXPECT_EQ(duplicate_check_since(0, (max_duplicate_check_s - 69) * 1000, milliseconds(10'000)), std::nullopt);
}

}  // namespace
}  // namespace jiaxiao::adapters::wecom
