// Issue 22 end to end over OneBot: parents' replies posted as signed events to the real server land on
// the item they meant, and what must be private goes out as send_private_msg to the fake OneBot API.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bot/adapters/onebot/config.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/onebot_events.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {

namespace {
constexpr const char* secret = "replies-secret";

struct RepliesEndToEnd : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform onebot_api;
  config::Config config;
  std::string config_file = dir.file("jiaxiao.json");
  long long next_id = 1;

  RepliesEndToEnd() {
    config.listen_port = 0;
    config.database = dir.file("j.db");
    config.admins = {"onebot:10001"};
    config.roster.binding = decltype(config.roster.binding)::open;  // approval is tested on its own
    adapters::onebot::settings(config).secret = secret;
    adapters::onebot::settings(config).api_base = onebot_api.base_url();
    config.pacing["onebot"] = {6000, 6000, 0, 1000};
    config.quiet_start_minute = config.quiet_end_minute = 0;  // a CI run at night must pass
    std::ofstream(config_file) << R"({"database": ")" << config.database << R"(", "admins": ["onebot:10001"]})";
  }

  /// Posts `user`'s group message; waits until it is acted on and everything it queued has gone out;
  /// returns the API requests it caused.
  std::vector<net::Request> say(const testing::RunningApp& app, long long user, const std::string& text) {
    const std::size_t before = onebot_api.requests().size();
    const std::string body = testing::onebot_group_event(next_id++, text, 1'715'000'000, user);
    EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status, 204u);
    EXPECT_TRUE(testing::eventually([&] {
      return count("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NULL") == 0 &&
             count("SELECT count(*) FROM outbox WHERE state = 'pending'") == 0;
    }));
    const auto all = onebot_api.requests();
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }
  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
  void set_up_class(const testing::RunningApp& app) {
    say(app, 10001, "/班级 三年级2班");
    const std::string csv = dir.file("名单.csv");
    std::ofstream(csv) << "姓名,学号\n张小明,1\n张小红,2\n李华,3\n赵六,4\n";
    ASSERT_EQ(testing::run_jiaxiao({"roster", "import", csv, "--class", "三年级2班", "--config", config_file}).exit_code, 0);
    ASSERT_EQ(testing::run_jiaxiao({"role", "grant", "onebot:20002", "teacher", "--class", "三年级2班", "--title", "班主任",
                                    "--config", config_file}).exit_code, 0);
    say(app, 30001, "/绑定 张小明 妈妈");
    say(app, 30001, "/绑定 张小红 妈妈");
    say(app, 30002, "/绑定 李华 奶奶");
    say(app, 30003, "/绑定 赵六 爸爸");
  }
};
}  // namespace

TEST_F(RepliesEndToEnd, RepliesLandWhereParentsMeantThemAndQuestionsGoPrivately) {
  testing::RunningApp app(config);
  set_up_class(app);
  say(app, 20002, "/告家长书 期末安排\n1月20日放假，请家长按时接孩子。");
  say(app, 20002, "/家长会 下周五15:30 三楼会议室");

  // An ack word before the RSVP: the meeting, not the letter; nothing said in the group.
  EXPECT_TRUE(say(app, 30001, "好的，准时参加 2人").empty());
  EXPECT_EQ(count("SELECT count(*) FROM rsvps WHERE answer = '参加' AND people = 2"), 2);  // both twins, 2 people
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 0);

  // An ack with a question: counted, the question to the teacher privately, the grandmother told privately.
  const auto asked = say(app, 30002, "收到，请问31号几点放学？");
  EXPECT_EQ(count("SELECT count(*) FROM acks"), 1);
  ASSERT_EQ(asked.size(), 2u);
  bool teacher = false, grandmother = false;
  for (const auto& request : asked) {
    EXPECT_EQ(request.path(), "/send_private_msg");
    const auto body = nlohmann::json::parse(request.body);
    const std::string text = testing::sent_text(request.body);
    if (body["user_id"] == 20002) teacher = text == "【家长提问 #1《期末安排》】李华（奶奶）：请问31号几点放学？";
    if (body["user_id"] == 30002) grandmother = text.find("你的问题已转给老师") != std::string::npos;
  }
  EXPECT_TRUE(teacher);
  EXPECT_TRUE(grandmother);

  // A bare 1 with only a letter waiting is an ack; the polite ways count; chatter stays unanswered.
  EXPECT_TRUE(say(app, 30003, "1").empty());
  EXPECT_TRUE(say(app, 30001, "谢谢老师，收到").empty());
  EXPECT_EQ(count("SELECT count(DISTINCT student_id) FROM acks"), 4);
  EXPECT_TRUE(say(app, 30003, "老师辛苦了").empty());
  const auto status = say(app, 20002, "/回执 #1");
  ASSERT_EQ(status.size(), 1u);
  EXPECT_NE(testing::sent_text(status[0].body).find("已回执 4/4"), std::string::npos);
  EXPECT_EQ(testing::sent_text(status[0].body).find("请问"), std::string::npos);  // never in the group
}

}  // namespace jiaxiao
