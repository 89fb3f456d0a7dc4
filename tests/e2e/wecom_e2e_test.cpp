// Issue 8 end to end over loopback: WeCom callbacks (the app's XML, the smart robot's JSON), signed
// and encrypted exactly as WeCom's sample code does, POSTed to the real server; answers through a fake
// WeCom API on port 0 (gettoken, message/send, webhook/send, a response_url).
#include <gtest/gtest.h>

#include <ctime>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "bot/adapters/wecom/config.hpp"
#include "bot/adapters/onebot/config.hpp"
#include "bot/adapters/wecom/crypto.hpp"
#include "store/database.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wecom_vectors.hpp"

namespace jiaxiao {

namespace {

namespace v = testing::wecom_vectors;
using adapters::wecom::CallbackCrypto;
using nlohmann::json;

constexpr const char* robot_token = "RobotToken42";
constexpr const char* robot_aes_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
constexpr const char* group_id = "wrkSFfCgAAtest";
constexpr const char* robot_key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

/// What the fake WeCom API answers, per path; counts what it was asked. Runs on the fake's thread.
struct WeComScript {
  std::mutex mutex;
  int tokens_issued = 0;
  int expire_first_send = 1;    // message/send answers 42001 this many times
  int limit_first_webhook = 1;  // webhook/send answers 45009 this many times
  int webhook_errcode = 0;      // answered after those (93000: the robot was removed)
  int late_sends = 0;           // message/send answers only after this long a pause this many times
  std::chrono::milliseconds late_by{300};
  /// What reached members' WeChat Work through message/send: WeCom's duplicate check as documented
  /// (enable_duplicate_check drops a text the member got within duplicate_check_interval seconds).
  std::vector<std::pair<std::string, std::string>> delivered;  // (touser, content)
  std::vector<std::chrono::steady_clock::time_point> delivered_at;

  net::Response operator()(const net::Request& request) {
    std::lock_guard lock(mutex);
    const std::string path(request.path());
    json answer = {{"errcode", 0}, {"errmsg", "ok"}};
    if (path == "/cgi-bin/gettoken") {
      answer["access_token"] = "TOKEN" + std::to_string(++tokens_issued);
      answer["expires_in"] = 7200;
    } else if (path == "/cgi-bin/message/send") {
      if (expire_first_send > 0) {
        --expire_first_send;
        answer = {{"errcode", 42001}, {"errmsg", "access_token expired"}};
      } else {
        answer["msgid"] = "app-msg-" + std::to_string(tokens_issued);
        deliver(json::parse(request.body));
        if (late_sends > 0) {
          --late_sends;
          std::this_thread::sleep_for(late_by);  // delivered, but the answer comes after the sender gave up
        }
      }
    } else if (path == "/cgi-bin/webhook/send") {
      if (limit_first_webhook > 0) {
        --limit_first_webhook;
        answer = {{"errcode", 45009}, {"errmsg", "api freq out of limit"}};
      } else if (webhook_errcode != 0) {
        answer = {{"errcode", webhook_errcode}, {"errmsg", "invalid webhook url"}};
      }
    }
    net::Response response;
    response.content_type = "application/json";
    response.body = answer.dump();
    return response;
  }

  void deliver(const json& body) {
    const auto now = std::chrono::steady_clock::now();
    const std::pair<std::string, std::string> text{body["touser"], body["text"]["content"]};
    if (body.value("enable_duplicate_check", 0) == 1) {
      const auto window = std::chrono::seconds(body.value("duplicate_check_interval", 1800));
      for (std::size_t i = 0; i < delivered.size(); ++i) {
        if (delivered[i] == text && now - delivered_at[i] <= window) return;  // dropped as a duplicate
      }
    }
    delivered.push_back(text);
    delivered_at.push_back(now);
  }
};

struct WeComEndToEnd : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform api;
  std::shared_ptr<WeComScript> script = std::make_shared<WeComScript>();
  config::Config config;
  std::string config_file = dir.file("jiaxiao.json");
  CallbackCrypto app_crypto = *CallbackCrypto::create(v::v1_token, v::v1_key, v::v1_corp);
  CallbackCrypto robot_crypto = *CallbackCrypto::create(robot_token, robot_aes_key, "");
  int next_id = 1;

  WeComEndToEnd() {
    api.respond_with([s = script](const net::Request& r) { return (*s)(r); });
    config.listen_port = 0;
    config.database = dir.file("j.db");
    config.roster.binding = decltype(config.roster.binding)::open;  // approval is tested on its own
    adapters::onebot::settings(config).enabled = false;
    adapters::wecom::settings(config).enabled = true;
    adapters::wecom::settings(config).corp_id = v::v1_corp;  // the official sample's credentials for the app callback
    adapters::wecom::settings(config).token = v::v1_token;
    adapters::wecom::settings(config).encoding_aes_key = v::v1_key;
    adapters::wecom::settings(config).secret = "app-secret";
    adapters::wecom::settings(config).agent_id = "1000002";
    adapters::wecom::settings(config).bot.token = robot_token;
    adapters::wecom::settings(config).bot.encoding_aes_key = robot_aes_key;
    adapters::wecom::settings(config).api_base = api.base_url();
    config.quiet_start_minute = config.quiet_end_minute = 0;  // a CI run at night must pass
    config.outbox.retry_initial = std::chrono::milliseconds(50);
    config.outbox.retry_max = std::chrono::milliseconds(200);
    config.outbox.poll_interval = std::chrono::milliseconds(200);
    std::ofstream(config_file) << R"({"database": ")" << config.database << R"("})";
  }

  void cli(const std::vector<std::string>& args) {
    auto with_config = args;
    with_config.insert(with_config.end(), {"--config", config_file});
    const auto result = testing::run_jiaxiao(with_config, true);
    ASSERT_EQ(result.exit_code, 0) << result.out;
  }
  /// The class 三年级2班 with the WeCom group (and its robot key unless `with_key` is false), teacher1
  /// as its 班主任, and two students.
  void set_up_class(bool with_key = true) {
    cli({"class", "add", "三年级2班"});
    std::vector<std::string> link{"class", "link", "三年级2班", std::string("wecom:") + group_id};
    if (with_key) link.insert(link.end(), {"--webhook-key", robot_key});
    cli(link);
    cli({"role", "grant", "wecom:teacher1", "teacher", "--class", "三年级2班"});
    const std::string csv = dir.file("名单.csv");
    std::ofstream(csv) << "姓名,学号\n张小明,1\n李华,2\n";
    cli({"roster", "import", csv, "--class", "三年级2班"});
  }

  /// A smart-robot callback from `user` in the group, as WeCom sends it; returns the HTTP status.
  unsigned robot_says(const testing::RunningApp& app, const std::string& user, const std::string& content,
                      const std::optional<std::string>& quote = std::nullopt, std::string msgid = "") {
    if (msgid.empty()) msgid = "robot-msg-" + std::to_string(next_id++);
    json message = {{"msgid", msgid},          {"aibotid", "AIBOT"},
                    {"chatid", group_id},      {"chattype", "group"},
                    {"from", {{"userid", user}}}, {"response_url", api.base_url() + "/cgi-bin/aibot/response?response_code=" + msgid},
                    {"msgtype", "text"},       {"text", {{"content", "@家校助手 " + content}}}};
    if (quote) message["quote"] = {{"msgtype", "text"}, {"text", {{"content", *quote}}}};
    const std::string encrypted = robot_crypto.seal(message.dump());
    return post(app, "/wecom/bot", robot_crypto, json{{"encrypt", encrypted}}.dump(), encrypted);
  }
  /// A member's message to the app (XML), sealed with the app's keys.
  unsigned app_says(const testing::RunningApp& app, const std::string& user, const std::string& content) {
    const std::string xml = "<xml><ToUserName><![CDATA[" + std::string(v::v1_corp) + "]]></ToUserName><FromUserName><![CDATA[" +
                            user + "]]></FromUserName><CreateTime>1795420800</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                            "<Content><![CDATA[" + content + "]]></Content><MsgId>" + std::to_string(7000 + next_id++) +
                            "</MsgId><AgentID>1000002</AgentID></xml>";
    const std::string encrypted = app_crypto.seal(xml);
    return post(app, "/wecom", app_crypto, "<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[" + encrypted +
                                               "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>", encrypted);
  }
  /// POSTs `body` carrying `encrypted`, signed as WeCom signs it.
  unsigned post(const testing::RunningApp& app, const std::string& path, const CallbackCrypto& crypto,
                const std::string& body, const std::string& encrypted) {
    const std::string nonce = std::to_string(100000 + next_id);
    const std::string now = std::to_string(std::time(nullptr));  // inside platforms.wecom.timestamp_window
    const std::string target = path + "?msg_signature=" + crypto.sign(now, nonce, encrypted) +
                               "&timestamp=" + now + "&nonce=" + nonce;
    return testing::http_call("POST", app.url(target), {{"Content-Type", "application/json"}}, body).status;
  }

  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
  /// Requests the fake received on `path`, in order.
  std::vector<net::Request> requests_to(const std::string& path) {
    std::vector<net::Request> out;
    for (auto& r : api.requests()) {
      if (r.path() == path) out.push_back(r);
    }
    return out;
  }
  /// Waits until every stored message has been acted on and the outbox has nothing due (rows waiting for
  /// a reply window stay).
  void drain() {
    ASSERT_TRUE(testing::eventually([&] {
      return count("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NULL") == 0 &&
             count("SELECT count(*) FROM outbox WHERE state = 'pending' AND waiting_since IS NULL") == 0;
    }));
  }
  /// The response_url answer's text for the robot message `msgid`.
  std::string response_to(const std::string& msgid) {
    for (auto& r : requests_to("/cgi-bin/aibot/response")) {
      if (r.query("response_code") == msgid) return json::parse(r.body)["markdown"]["content"].get<std::string>();
    }
    return "(none)";
  }
};

}  // namespace

TEST_F(WeComEndToEnd, BothCallbacksVerifyTheirUrlAndRefuseForgeries) {
  adapters::wecom::settings(config).timestamp_window = std::chrono::milliseconds(0);  // the official samples are from 2016
  testing::RunningApp app(config);
  const std::string app_get = std::string("/wecom?msg_signature=") + v::v1_verify_signature + "&timestamp=" +
                              v::v1_verify_timestamp + "&nonce=" + v::v1_verify_nonce + "&echostr=" +
                              boost::urls::encode(v::v1_verify_echostr, boost::urls::unreserved_chars);
  auto verified = testing::http_call("GET", app.url(app_get));
  EXPECT_EQ(verified.status, 200u);
  EXPECT_EQ(verified.body, v::v1_verify_reply);

  const std::string echostr = robot_crypto.seal("5927401836");
  const std::string now = std::to_string(std::time(nullptr));
  const std::string robot_get = "/wecom/bot?msg_signature=" + robot_crypto.sign(now, "314", echostr) +
                                "&timestamp=" + now + "&nonce=314&echostr=" +
                                boost::urls::encode(echostr, boost::urls::unreserved_chars);
  auto robot_verified = testing::http_call("GET", app.url(robot_get));
  EXPECT_EQ(robot_verified.status, 200u);
  EXPECT_EQ(robot_verified.body, "5927401836");

  // The official sample's own encrypted message (pad byte 22) is accepted and stored.
  const std::string sample = std::string("/wecom?msg_signature=") + v::v1_post_signature + "&timestamp=" +
                             v::v1_post_timestamp + "&nonce=" + v::v1_post_nonce;
  const std::string sample_body = std::string("<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[") +
                                  v::v1_post_encrypt + "]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>";
  auto accepted = testing::http_call("POST", app.url(sample), {}, sample_body);
  EXPECT_EQ(accepted.status, 200u);
  EXPECT_EQ(accepted.body, "");
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE platform_message_id = '1456453720' AND text = '你好'"), 1);

  // Forged: the same body with another signature, and a robot callback signed with the wrong token.
  std::string forged = sample;
  forged.replace(forged.find("012b") == std::string::npos ? forged.find("0c39") : forged.find("012b"), 4, "ffff");
  EXPECT_EQ(testing::http_call("POST", app.url(forged), {}, sample_body).status, 401u);
  const auto stranger = *CallbackCrypto::create("OtherToken", robot_aes_key, "");
  const std::string sealed = robot_crypto.seal(R"({"msgid":"f1","chattype":"single","from":{"userid":"x"},"msgtype":"text","text":{"content":"收到"}})");
  const std::string target = "/wecom/bot?msg_signature=" + stranger.sign("1", "2", sealed) + "&timestamp=1&nonce=2";
  EXPECT_EQ(testing::http_call("POST", app.url(target), {}, json{{"encrypt", sealed}}.dump()).status, 401u);
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in'"), 1);
  const auto metrics = testing::http_call("GET", app.url("/metrics"));
  EXPECT_NE(metrics.body.find("jiaxiao_signature_failures_total 2"), std::string::npos);
}

TEST_F(WeComEndToEnd, ACapturedCallbackReplayedTenMinutesLaterIsRefused) {
  testing::RunningApp app(config);
  const std::string sealed = robot_crypto.seal(
      R"({"msgid":"old-1","chattype":"single","from":{"userid":"x"},"msgtype":"text","text":{"content":"/帮助"}})");
  const std::string then = std::to_string(std::time(nullptr) - 600);
  const std::string target = "/wecom/bot?msg_signature=" + robot_crypto.sign(then, "9", sealed) + "&timestamp=" + then + "&nonce=9";
  EXPECT_EQ(testing::http_call("POST", app.url(target), {}, json{{"encrypt", sealed}}.dump()).status, 401u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
}

TEST_F(WeComEndToEnd, CommandsAreAnsweredALetterGoesThroughTheRobotAndAcksCount) {
  set_up_class();
  testing::RunningApp app(config);

  // A group command: answered once through its own response_url, even when WeCom repeats the callback.
  ASSERT_EQ(robot_says(app, "teacher1", "/帮助", std::nullopt, "help-1"), 200u);
  ASSERT_EQ(robot_says(app, "teacher1", "/帮助", std::nullopt, "help-1"), 200u);
  drain();
  EXPECT_NE(response_to("help-1").find("可以使用的命令"), std::string::npos) << response_to("help-1");
  EXPECT_EQ(requests_to("/cgi-bin/aibot/response").size(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in' AND platform_message_id = 'help-1'"), 1);

  ASSERT_EQ(robot_says(app, "parent1", "/绑定 张小明 妈妈", std::nullopt, "bind-1"), 200u);
  ASSERT_EQ(robot_says(app, "parent2", "/绑定 李华 爸爸", std::nullopt, "bind-2"), 200u);
  drain();
  EXPECT_EQ(response_to("bind-1"), "已绑定：你是 张小明（三年级2班）的妈妈。");

  // The letter: the teacher's confirmation through the response_url, the letter itself through the
  // group robot's webhook (first refused with 45009, then sent after a back-off).
  ASSERT_EQ(robot_says(app, "teacher1", "/告家长书 寒假安全", std::nullopt, "letter-1"), 200u);
  drain();
  EXPECT_NE(response_to("letter-1").find("已发出 #1"), std::string::npos) << response_to("letter-1");
  const auto pushes = requests_to("/cgi-bin/webhook/send");
  ASSERT_EQ(pushes.size(), 2u);  // the 45009 and the retry
  EXPECT_EQ(pushes[1].query("key"), robot_key);
  const auto letter = json::parse(pushes[1].body);
  EXPECT_EQ(letter["msgtype"], "text");
  const std::string letter_text = letter["text"]["content"];
  EXPECT_EQ(letter_text.rfind("【告家长书 #1】寒假安全", 0), 0u) << letter_text << "\n" << response_to("letter-1");
  EXPECT_NE(letter_text.find("@机器人 回复“收到”"), std::string::npos) << letter_text;

  // Parents answer with @-messages: one quoting the letter, one naming #1; neither gets an answer.
  ASSERT_EQ(robot_says(app, "parent1", "收到", letter_text.substr(0, letter_text.find('\n')), "ack-1"), 200u);
  ASSERT_EQ(robot_says(app, "parent2", "收到 #1", std::nullopt, "ack-2"), 200u);
  ASSERT_TRUE(testing::eventually([&] {
    return count("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NOT NULL") == 6;
  }));
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 2);
  EXPECT_EQ(response_to("ack-1"), "(none)");

  // The teacher asks privately through the app: message/send, whose first answer says the token
  // expired; one fresh token, one more try. The help is longer than message/send's 2048 bytes: parts.
  ASSERT_EQ(app_says(app, "teacher1", "/帮助"), 200u);
  drain();
  const auto sends = requests_to("/cgi-bin/message/send");
  ASSERT_GE(sends.size(), 3u);
  EXPECT_EQ(sends[0].query("access_token"), "TOKEN1");
  std::string help;
  for (std::size_t i = 1; i < sends.size(); ++i) {
    EXPECT_EQ(sends[i].query("access_token"), "TOKEN2");
    const auto body = json::parse(sends[i].body);
    EXPECT_EQ(body["touser"], "teacher1");
    EXPECT_EQ(body["agentid"], 1000002);
    EXPECT_LE(body["text"]["content"].get<std::string>().size(), 2048u);
    help += body["text"]["content"].get<std::string>();
  }
  EXPECT_EQ(requests_to("/cgi-bin/gettoken").size(), 2u);
  EXPECT_NE(help.find("可以使用的命令"), std::string::npos) << help;
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'failed'"), 0);
}

TEST_F(WeComEndToEnd, WithoutARobotKeyALetterWaitsForAnAtMessageAndLeavesThroughItsResponseUrl) {
  set_up_class(false);
  script->limit_first_webhook = 0;
  testing::RunningApp app(config);
  ASSERT_EQ(robot_says(app, "teacher1", "/告家长书 寒假安全", std::nullopt, "letter-1"), 200u);
  // The confirmation uses the command's own response_url; the letter has no way into the group yet.
  drain();
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'pending' AND waiting_since IS NOT NULL"), 1);
  EXPECT_NE(response_to("letter-1").find("已发出 #1"), std::string::npos);
  EXPECT_NE(response_to("letter-1").find("企业微信群 " + std::string(group_id) + " 不能由机器人主动发送"), std::string::npos)
      << response_to("letter-1");
  EXPECT_NE(testing::http_call("GET", app.url("/metrics")).body.find("jiaxiao_outbox_waiting 1"), std::string::npos);
  EXPECT_TRUE(requests_to("/cgi-bin/webhook/send").empty());

  // A parent's @-message that needs no answer lends its response_url to the letter.
  ASSERT_EQ(robot_says(app, "parent1", "老师好", std::nullopt, "hello-1"), 200u);
  drain();
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'pending'"), 0);
  EXPECT_EQ(response_to("hello-1").rfind("【告家长书 #1】寒假安全", 0), 0u) << response_to("hello-1");
  EXPECT_TRUE(requests_to("/cgi-bin/webhook/send").empty());
}

TEST_F(WeComEndToEnd, ARemovedRobotMarksTheGroupAndTheTeacherIsToldPrivately) {
  set_up_class();
  script->limit_first_webhook = 0;
  script->expire_first_send = 0;
  script->webhook_errcode = 93000;
  testing::RunningApp app(config);
  ASSERT_EQ(robot_says(app, "teacher1", "/告家长书 寒假安全", std::nullopt, "letter-1"), 200u);
  drain();
  EXPECT_EQ(requests_to("/cgi-bin/webhook/send").size(), 1u);  // 93000 is not retried
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'failed'"), 1);
  const auto sends = requests_to("/cgi-bin/message/send");
  ASSERT_EQ(sends.size(), 1u);
  const auto note = json::parse(sends[0].body);
  EXPECT_EQ(note["touser"], "teacher1");
  EXPECT_NE(note["text"]["content"].get<std::string>().find("三年级2班的企业微信群 " + std::string(group_id) + " 已无法送达"),
            std::string::npos)
      << note.dump();
  const auto listed = testing::run_jiaxiao({"class", "list", "--config", config_file});
  EXPECT_NE(listed.out.find("(unreachable)"), std::string::npos) << listed.out;
}

TEST_F(WeComEndToEnd, AnAppMessageWhoseAnswerComesAfterTheTimeoutReachesTheMemberOnce) {
  // message/send delivers but answers after outbox.send_timeout, twice: the outcome is unknown. The
  // repeats ask WeCom's duplicate check to drop the text if it already arrived, so the teacher gets it
  // once; without the check the second copy would arrive and the message would be given up.
  config.outbox.send_timeout = std::chrono::milliseconds(100);
  script->expire_first_send = 0;
  script->late_sends = 2;
  testing::RunningApp app(config);
  ASSERT_EQ(app_says(app, "teacher1", "/不存在的命令"), 200u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 1; }));
  const auto sends = requests_to("/cgi-bin/message/send");
  ASSERT_GE(sends.size(), 3u);  // a repeat that waited behind a slow answer may time out too
  EXPECT_FALSE(json::parse(sends[0].body).contains("enable_duplicate_check"));  // a first send is never dropped
  for (std::size_t i = 1; i < sends.size(); ++i) {
    const auto body = json::parse(sends[i].body);
    EXPECT_EQ(body.value("enable_duplicate_check", 0), 1) << body.dump();
    EXPECT_GE(body.value("duplicate_check_interval", 0), 60) << body.dump();
    EXPECT_LE(body.value("duplicate_check_interval", 0), 4 * 3600) << body.dump();
  }
  std::lock_guard lock(script->mutex);
  EXPECT_EQ(script->delivered.size(), 1u);
  EXPECT_EQ(count("SELECT unknown_outcomes FROM outbox"), static_cast<std::int64_t>(sends.size()) - 1);
}

TEST_F(WeComEndToEnd, AMsgIdTypedInAMessageCannotMakeAnotherOneADuplicate) {
  // Issue 21: "收到 <MsgId>7001</MsgId>" gave the dedupe key 7001 (the first MsgId anywhere), so it was
  // dropped as a repeat of message 7001. Only the top-level MsgId counts: both are stored.
  testing::RunningApp app(config);
  ASSERT_EQ(app_says(app, "parent1", "老师好"), 200u);                   // MsgId 7001
  ASSERT_EQ(app_says(app, "parent2", "收到 <MsgId>7001</MsgId>"), 200u);  // MsgId 7002
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in' AND platform_message_id = '7002'"), 1);
}

}  // namespace jiaxiao
