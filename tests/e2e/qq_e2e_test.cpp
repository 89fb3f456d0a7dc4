// Issue 9 end to end over loopback: Ed25519-signed QQ official bot callbacks POSTed to the real server;
// every answer and push goes out as a passive reply (msg_id + msg_seq) through a fake QQ API on port 0.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <nlohmann/json.hpp>

#include "bot/adapters/qq/config.hpp"
#include "bot/adapters/onebot/config.hpp"
#include "bot/adapters/qq/signature.hpp"
#include "store/threads.hpp"
#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "store/reminders.hpp"
#include "store/roles.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {

namespace {

using nlohmann::json;
constexpr const char* secret = "DG5g3B4j9X2KOErG";
constexpr const char* group = "G_OPENID_1";

/// The fake QQ API: tokens, group messages; the first `refuse_sends` sends get 401.
struct QqScript {
  std::mutex mutex;
  int tokens = 0;
  int refuse_sends = 0;
  int sends = 0;
  int late_sends = 0;  // delivered, but answered only after this pause (past outbox.send_timeout), this many times
  std::chrono::milliseconds late_by{300};
  std::set<std::pair<std::string, int>> seen;  // msg_id + msg_seq already used: QQ refuses the same pair twice
  int delivered = 0;
  net::Response operator()(const net::Request& request) {
    std::lock_guard lock(mutex);
    json answer;
    net::Response response;
    response.content_type = "application/json";
    if (request.path() == "/app/getAppAccessToken") {
      answer = {{"access_token", "QT" + std::to_string(++tokens)}, {"expires_in", "7200"}};
    } else if (refuse_sends > 0) {
      --refuse_sends;
      response.status = 401;
      answer = {{"code", 11242}, {"message", "token check failed"}};
    } else {
      const json body = json::parse(request.body);
      if (body.contains("msg_id") && !seen.insert({body["msg_id"], body.value("msg_seq", 1)}).second) {
        // The code is the one QQ bots report for a repeated msg_seq; PROTOCOLS.md only says it fails.
        response.status = 400;
        answer = {{"code", 40054005}, {"message", "消息被去重，请检查请求msgseq"}};
      } else {
        ++delivered;
        answer = {{"id", "sent-" + std::to_string(++sends)}, {"timestamp", 1}};
        if (late_sends > 0) {
          --late_sends;
          std::this_thread::sleep_for(late_by);
        }
      }
    }
    response.body = answer.dump();
    return response;
  }
};

struct QqEndToEnd : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform api;
  std::shared_ptr<QqScript> script = std::make_shared<QqScript>();
  config::Config config;
  adapters::qq::BotKey platform_key{secret};
  int next_id = 1;

  QqEndToEnd() {
    api.respond_with([s = script](const net::Request& r) { return (*s)(r); });
    config.listen_port = 0;
    config.database = dir.file("j.db");
    adapters::onebot::settings(config).enabled = false;
    adapters::qq::settings(config).enabled = true;
    adapters::qq::settings(config).app_id = "11111111";
    adapters::qq::settings(config).secret = secret;
    adapters::qq::settings(config).api_base = api.base_url();
    adapters::qq::settings(config).token_url = api.base_url() + "/app/getAppAccessToken";
    config.quiet_start_minute = config.quiet_end_minute = 0;
    config.outbox.retry_initial = std::chrono::milliseconds(50);
    config.outbox.retry_max = std::chrono::milliseconds(200);
    config.outbox.poll_interval = std::chrono::milliseconds(100);
  }

  /// A signed GROUP_AT_MESSAGE_CREATE; returns the HTTP answer.
  net::ClientResponse at_message(const testing::RunningApp& app, const std::string& id, const std::string& content) {
    const std::string body = json{{"id", "evt-" + id}, {"op", 0}, {"s", next_id++}, {"t", "GROUP_AT_MESSAGE_CREATE"},
                                  {"d", {{"id", id}, {"content", " " + content}, {"group_openid", group},
                                         {"timestamp", "2026-11-23T16:00:00+08:00"}, {"author", {{"member_openid", "MEMBER_1"}}}}}}
                                 .dump();
    return callback(app, body);
  }
  /// Any callback body, signed now; returns the HTTP answer.
  net::ClientResponse callback(const testing::RunningApp& app, const std::string& body) {
    const std::string timestamp = std::to_string(std::time(nullptr));
    return testing::http_call("POST", app.url("/qq"),
                              {{"Content-Type", "application/json"},
                               {"X-Signature-Timestamp", timestamp},
                               {"X-Signature-Ed25519", platform_key.sign_hex(timestamp + body)}},
                              body);
  }
  /// 三年级2班 with the group linked and 王老师 (QQ user TEACHER) its teacher: the class and member ids.
  std::pair<std::int64_t, std::int64_t> class_with_teacher(store::Database& db) {
    store::Classes classes(db.sql());
    const auto class_id = classes.create("三年级2班", 1).id;
    classes.link({"qq", core::ChatKind::group, group}, class_id, std::nullopt, 1);
    const auto teacher = store::Members(db.sql()).upsert({"qq", "TEACHER", "王老师"}, 1);
    store::Roles(db.sql()).grant(teacher, class_id, store::Role::teacher, "班主任", "test", 1);
    return {class_id, teacher};
  }
  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
  void drain() {
    ASSERT_TRUE(testing::eventually([&] {
      return count("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NULL") == 0 &&
             count("SELECT count(*) FROM outbox WHERE state = 'pending' AND waiting_since IS NULL") == 0;
    }));
  }
  std::vector<json> group_sends() {
    std::vector<json> out;
    for (auto& r : api.requests()) {
      if (r.path() == std::string("/v2/groups/") + group + "/messages") out.push_back(json::parse(r.body));
    }
    return out;
  }
  /// `n` pushes to the group queued before the server starts (reminders that fell due, say).
  void queue_pushes(int n) {
    store::Database db(config.database);
    for (int i = 1; i <= n; ++i) {
      store::Outbox(db.sql()).enqueue({{"qq", core::ChatKind::group, group}, "提醒 " + std::to_string(i), {}, std::nullopt,
                                       std::nullopt},
                                      1000 + i);
    }
  }
};

}  // namespace

TEST_F(QqEndToEnd, ACommandIsAnsweredAsAPassiveReplyWithSequenceOne) {
  testing::RunningApp app(config);
  const auto response = at_message(app, "ROBOT1.0_cmd", "<@!bot> /帮助");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, R"({"d":0,"op":12})");
  drain();
  const auto sends = group_sends();
  ASSERT_GE(sends.size(), 1u);
  EXPECT_EQ(sends[0]["msg_id"], "ROBOT1.0_cmd");
  EXPECT_EQ(sends[0]["msg_seq"], 1);
  EXPECT_EQ(sends[0]["msg_type"], 0);
  EXPECT_NE(sends[0]["content"].get<std::string>().find("可以使用的命令"), std::string::npos);
  for (auto& r : api.requests()) {
    if (r.path() != "/app/getAppAccessToken") {
      EXPECT_EQ(*r.header("Authorization"), "QQBot QT1");
    }
  }
  // The platform repeats the callback: stored and answered once.
  EXPECT_EQ(at_message(app, "ROBOT1.0_cmd", "<@!bot> /帮助").status, 200u);
  drain();
  EXPECT_EQ(group_sends().size(), sends.size());
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in'"), 1);
}

TEST_F(QqEndToEnd, AReplyWhoseAnswerComesAfterTheTimeoutIsRepeatedWithItsSequenceAndArrivesOnce) {
  // The reply is delivered but answered after outbox.send_timeout: the outcome is unknown. The repeat
  // uses the same msg_id + msg_seq, QQ refuses it as a duplicate, and the refusal counts as delivered.
  config.outbox.send_timeout = std::chrono::milliseconds(100);
  script->late_sends = 1;
  testing::RunningApp app(config);
  EXPECT_EQ(at_message(app, "ROBOT1.0_late", "<@!bot> /不存在的命令").status, 200u);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 1; }));
  const auto sends = group_sends();
  ASSERT_GE(sends.size(), 2u);
  for (const auto& send : sends) {
    EXPECT_EQ(send["msg_id"], "ROBOT1.0_late");
    EXPECT_EQ(send["msg_seq"], 1);
  }
  {
    std::lock_guard lock(script->mutex);
    EXPECT_EQ(script->delivered, 1);
  }
  EXPECT_GE(count("SELECT unknown_outcomes FROM outbox"), 1);
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("jiaxiao_outbox_unknown_outcomes_total{platform=\"qq\"}"), std::string::npos) << metrics;
}

TEST_F(QqEndToEnd, QueuedPushesLeaveFivePerIncomingMessageInOrder) {
  queue_pushes(6);
  testing::RunningApp app(config);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE waiting_since IS NOT NULL") == 6; }));
  EXPECT_TRUE(group_sends().empty());  // no push without a window

  ASSERT_EQ(at_message(app, "ROBOT1.0_a", "大家好").status, 200u);
  ASSERT_TRUE(testing::eventually([&] { return group_sends().size() == 5; }));
  drain();
  auto sends = group_sends();
  ASSERT_EQ(sends.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(sends[i]["msg_id"], "ROBOT1.0_a");
    EXPECT_EQ(sends[i]["msg_seq"], i + 1);
    EXPECT_EQ(sends[i]["content"], "提醒 " + std::to_string(i + 1));
  }
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE waiting_since IS NOT NULL"), 1);

  ASSERT_EQ(at_message(app, "ROBOT1.0_b", "谢谢老师").status, 200u);
  ASSERT_TRUE(testing::eventually([&] { return group_sends().size() == 6; }));
  sends = group_sends();
  EXPECT_EQ(sends[5]["msg_id"], "ROBOT1.0_b");
  EXPECT_EQ(sends[5]["msg_seq"], 1);
  EXPECT_EQ(sends[5]["content"], "提醒 6");
  drain();
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'pending'"), 0);
}

TEST_F(QqEndToEnd, ARefusedTokenIsRefreshedAndTheRetryTakesTheNextSequence) {
  script->refuse_sends = 1;
  testing::RunningApp app(config);
  ASSERT_EQ(at_message(app, "ROBOT1.0_t", "/帮助").status, 200u);
  drain();
  std::vector<std::string> auth;
  for (auto& r : api.requests()) {
    if (r.path() != "/app/getAppAccessToken") auth.push_back(*r.header("Authorization"));
  }
  ASSERT_GE(auth.size(), 2u);
  EXPECT_EQ(auth[0], "QQBot QT1");
  EXPECT_EQ(auth[1], "QQBot QT2");
  const auto sends = group_sends();
  EXPECT_EQ(sends[0]["msg_seq"], 1);
  EXPECT_EQ(sends[1]["msg_seq"], 2);  // the same msg_id and msg_seq are never sent twice
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'failed'"), 0);
}

TEST_F(QqEndToEnd, APushThatFindsNoWindowExpiresAndIsCounted) {
  config.outbox.window_wait = std::chrono::milliseconds(300);
  queue_pushes(1);
  testing::RunningApp app(config);
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'failed'") == 1; }));
  EXPECT_TRUE(group_sends().empty());
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("jiaxiao_outbox_window_expired_total{platform=\"qq\"} 1"), std::string::npos) << metrics;
}

TEST_F(QqEndToEnd, AGivenUpLetterIsReportedToItsCreatorInPrivateOnce) {
  config.outbox.window_wait = std::chrono::milliseconds(300);
  {
    store::Database db(config.database);
    const auto [class_id, teacher] = class_with_teacher(db);
    const auto letter = store::Threads(db.sql()).create({0, "notice", class_id, std::nullopt, teacher, "秋游通知", 0,
                                                         std::nullopt},
                                                        1);
    store::Outbox(db.sql()).enqueue({{"qq", core::ChatKind::group, group}, "【告家长书 #1】秋游通知", {}, letter, std::nullopt},
                                    1000);
  }
  testing::RunningApp app(config);
  // The note to the teacher waits for a window of its own in the private chat, and is given up in turn:
  // that is not reported again (it would wait the same way).
  const std::string notes = "SELECT m.text FROM outbox o JOIN messages m ON m.id = o.message_id "
                            "JOIN chats c ON c.id = m.chat_id WHERE c.kind = 'private' AND c.platform_chat_id = 'TEACHER'";
  ASSERT_TRUE(testing::eventually([&] { return count("SELECT count(*) FROM outbox WHERE state = 'failed'") == 2; }));
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), 2);
  store::Database db(config.database, false);
  const std::string text = db.sql().execAndGet(notes).getString();
  EXPECT_EQ(text.rfind("三年级2班的QQ群 G_OPENID_1：#1《秋游通知》等了 1 分钟仍没有家长在群里 @机器人", 0), 0u) << text;
  EXPECT_TRUE(group_sends().empty());
}

TEST_F(QqEndToEnd, TheBotRemovedFromAClassGroupTellsItsTeachersOnceAndAddedBackClearsTheMark) {
  {
    store::Database db(config.database);
    class_with_teacher(db);
  }
  testing::RunningApp app(config);
  const auto event = [&](const std::string& type, const std::string& id) {
    return callback(app, json{{"id", id}, {"op", 0}, {"t", type},
                              {"d", {{"timestamp", 1725442341}, {"group_openid", group}, {"op_member_openid", "M"}}}}
                             .dump());
  };
  const std::string marked = "SELECT count(*) FROM chats WHERE platform_chat_id = 'G_OPENID_1' AND unreachable_since IS NOT NULL";
  const std::string notes = "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id JOIN chats c ON "
                            "c.id = m.chat_id WHERE c.kind = 'private' AND c.platform_chat_id = 'TEACHER' AND "
                            "m.text LIKE '三年级2班的QQ群 G_OPENID_1 已无法送达%'";
  // Answered only once recorded: the mark and the note are there when the 200 comes.
  EXPECT_EQ(event("GROUP_DEL_ROBOT", "del-1").status, 200u);
  EXPECT_EQ(count(marked), 1);
  EXPECT_EQ(count(notes), 1);
  // QQ repeats the callback, or sends it again: the teachers are told once.
  EXPECT_EQ(event("GROUP_DEL_ROBOT", "del-1").status, 200u);
  EXPECT_EQ(count(notes), 1);
  EXPECT_EQ(event("GROUP_ADD_ROBOT", "add-1").status, 200u);
  EXPECT_EQ(count(marked), 0);
  // Removed again later: a new note.
  EXPECT_EQ(event("GROUP_DEL_ROBOT", "del-2").status, 200u);
  EXPECT_EQ(count(notes), 2);
}

TEST_F(QqEndToEnd, ForgedAndStaleCallbacksAre401AndStoreNothing) {
  testing::RunningApp app(config);
  const std::string body = R"({"op":0,"t":"GROUP_AT_MESSAGE_CREATE","d":{"id":"x","content":"收到","group_openid":"G","author":{"member_openid":"M"}}})";
  const std::string now = std::to_string(std::time(nullptr));
  const std::string old = std::to_string(std::time(nullptr) - 3600);
  adapters::qq::BotKey stranger("not-the-secret");
  EXPECT_EQ(testing::http_call("POST", app.url("/qq"),
                               {{"X-Signature-Timestamp", now}, {"X-Signature-Ed25519", stranger.sign_hex(now + body)}}, body)
                .status,
            401u);
  EXPECT_EQ(testing::http_call("POST", app.url("/qq"),
                               {{"X-Signature-Timestamp", old}, {"X-Signature-Ed25519", platform_key.sign_hex(old + body)}}, body)
                .status,
            401u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
}

}  // namespace jiaxiao
