#include "config/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "bot/adapters/onebot/config.hpp"
#include "bot/adapters/qq/config.hpp"
#include "bot/adapters/registry.hpp"
#include "bot/adapters/wecom/config.hpp"
#include "config/duration.hpp"

namespace jiaxiao::config {

namespace {
// The config as `serve` reads it: with every platform's section from the adapter registry.
std::vector<std::string> parse(const std::string& text, Config& out) {
  return config::parse(text, out, adapters::config_sections());
}
Config load_file(const std::string& path) { return config::load_file(path, adapters::config_sections()); }

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& p : problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST(Config, BuiltInDefaultsMatchTheSpec) {
  Config c;
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 8080);
  EXPECT_EQ(c.database, "data/jiaxiao.db");
  EXPECT_EQ(c.timezone, "Asia/Shanghai");
  EXPECT_EQ(c.server.body_limit, 256u * 1024);
  EXPECT_TRUE(adapters::onebot::settings(c).enabled);
  EXPECT_EQ(c.quiet_start_minute, 21 * 60 + 30);
  EXPECT_EQ(c.notice.remind_after, std::chrono::hours(3));
  EXPECT_EQ(c.meeting.remind_before.size(), 2u);
}

TEST(Config, ReadsKnownKeys) {
  Config c;
  const auto problems = parse(R"({
    "listen": "0.0.0.0:9000", "database": "/var/lib/jiaxiao/j.db",
    "quiet_hours": {"start": "22:00", "end": "07:00"},
    "notice": {"remind_after": "90m", "max_reminders": 2},
    "meeting": {"remind_before": ["2d", "30m"]},
    "terms": [{"name": "秋季学期", "start": "09-01", "end": "01-20"}],
    "admins": ["onebot:10001"],
    "server": {"body_limit": 4096},
    "platforms": {"onebot": {"secret": "s3cret", "api_base": "http://127.0.0.1:3000"}}
  })", c);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9000);
  EXPECT_EQ(c.quiet_start_minute, 22 * 60);
  EXPECT_EQ(c.notice.remind_after, std::chrono::minutes(90));
  EXPECT_EQ(c.notice.max_reminders, 2);
  EXPECT_EQ(c.meeting.remind_before, (std::vector<milliseconds>{std::chrono::hours(48), std::chrono::minutes(30)}));
  ASSERT_EQ(c.terms.size(), 1u);
  EXPECT_EQ(c.terms[0].end_day, 20);
  EXPECT_EQ(c.server.body_limit, 4096u);
  EXPECT_EQ(adapters::onebot::settings(c).secret, "s3cret");
}

TEST(Config, NamesTheJsonPathOfAnUnknownKey) {
  Config c;
  const auto problems = parse(R"({"platforms": {"onebot": {"secert": "x"}}, "colour": 1})", c);
  EXPECT_TRUE(mentions(problems, "platforms.onebot.secert: unknown key"));
  EXPECT_TRUE(mentions(problems, "colour: unknown key"));
}

TEST(Config, ReportsEveryBadValueWithItsPath) {
  Config c;
  const auto problems = parse(R"({"listen": "8080", "notice": {"remind_after": "3 hours"},
      "quiet_hours": {"start": "25:00"}, "meeting": {"remind_before": ["1h", 5]},
      "server": {"body_limit": "big"}, "timezone": "Beijing", "admins": ["wechat:1"],
      "terms": [{"name": "x", "start": "02-30", "end": "07-31"}]})", c);
  EXPECT_TRUE(mentions(problems, "listen:"));
  EXPECT_TRUE(mentions(problems, "notice.remind_after:"));
  EXPECT_TRUE(mentions(problems, "quiet_hours.start:"));
  EXPECT_TRUE(mentions(problems, "meeting.remind_before[1]:"));
  EXPECT_TRUE(mentions(problems, "server.body_limit:"));
  EXPECT_TRUE(mentions(problems, "timezone:"));
  EXPECT_TRUE(mentions(problems, "admins[0]:"));
  EXPECT_TRUE(mentions(problems, "terms[0].start:"));
  EXPECT_EQ(problems.size(), 8u);
}

TEST(Config, BindingIsApprovedByDefaultOpenOnRequestAndAnUnbuiltModeIsRefused) {
  Config c;
  EXPECT_EQ(c.roster.binding, decltype(c.roster.binding)::approve);
  EXPECT_TRUE(parse(R"({"roster": {"binding": "open"}})", c).empty());
  EXPECT_EQ(c.roster.binding, decltype(c.roster.binding)::open);
  EXPECT_TRUE(mentions(parse(R"({"roster": {"binding": "code"}})", c), "roster.binding: \"code\""));
  EXPECT_TRUE(mentions(parse(R"({"roster": {"binding": "yes"}})", c), "roster.binding: must be"));
  EXPECT_TRUE(mentions(parse(R"({"roster": {"binding": 1}})", c), "roster.binding"));
}

TEST(Config, ExpandsEnvironmentVariables) {
  ::setenv("JIAXIAO_TEST_SECRET", "from-env", 1);
  Config c;
  EXPECT_TRUE(parse(R"({"platforms": {"onebot": {"secret": "${JIAXIAO_TEST_SECRET}"}}})", c).empty());
  EXPECT_EQ(adapters::onebot::settings(c).secret, "from-env");
  ::unsetenv("JIAXIAO_TEST_SECRET_MISSING");
  const auto problems = parse(R"({"platforms": {"onebot": {"secret": "${JIAXIAO_TEST_SECRET_MISSING}"}}})", c);
  EXPECT_TRUE(mentions(problems, "platforms.onebot.secret: environment variable JIAXIAO_TEST_SECRET_MISSING is not set"));
}

TEST(Config, RejectsTextThatIsNotAJsonObject) {
  Config c;
  EXPECT_TRUE(mentions(parse("{ not json", c), "not valid JSON"));
  EXPECT_TRUE(mentions(parse("[1,2]", c), "must be a JSON object"));
}

TEST(Config, LoadFileThrowsWithEveryProblem) {
  try {
    load_file("/nonexistent/jiaxiao.json");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_TRUE(mentions(e.problems(), "cannot be read"));
  }
}

TEST(Config, WeComKeysAreCheckedWhenEnabled) {
  Config c, d, e, f;
  EXPECT_TRUE(parse(R"({"platforms": {"wecom": {"encoding_aes_key": "short"}}})", c).empty());  // disabled
  auto problems = parse(R"({"platforms": {"wecom": {"enabled": true}}})", d);
  EXPECT_TRUE(mentions(problems, "platforms.wecom: enabled but neither"));
  problems = parse(R"({"platforms": {"wecom": {"enabled": true, "token": "t0k", "encoding_aes_key": "tooshort",
                       "bot": {"token": "bad token!", "encoding_aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"},
                       "secret": "s"}}})", e);
  EXPECT_TRUE(mentions(problems, "platforms.wecom.encoding_aes_key: must be the 43 letters and digits WeCom shows (this one has 8"));
  EXPECT_FALSE(mentions(problems, "tooshort"));  // a secret is never echoed
  EXPECT_TRUE(mentions(problems, "platforms.wecom.corp_id: needed to check"));
  EXPECT_TRUE(mentions(problems, "platforms.wecom.bot.token: must be 1 to 32 letters and digits"));
  EXPECT_FALSE(mentions(problems, "platforms.wecom.bot.encoding_aes_key"));
  EXPECT_TRUE(mentions(problems, "platforms.wecom.agent_id: must be the app's AgentId"));
  EXPECT_TRUE(parse(R"({"platforms": {"wecom": {"enabled": true, "corp_id": "ww1", "secret": "s", "agent_id": "1000002",
                       "bot": {"token": "T", "encoding_aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"}}},
                       "outbox": {"window_wait": "2d"}})", f).empty());
  EXPECT_EQ(f.outbox.window_wait, std::chrono::hours(48));
}

TEST(Config, AZeroTimestampWindowMeansOffAndAnAgentIdMayBeANumber) {
  // Issue 21: "0s" was documented as off but refused; WeCom's console shows AgentId as a number.
  Config c, d;
  EXPECT_TRUE(parse(R"({"platforms": {"wecom": {"enabled": true, "corp_id": "ww1", "secret": "s", "agent_id": 1000002,
                       "token": "T", "encoding_aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                       "timestamp_window": "0s"}, "qq": {"timestamp_window": "0s"}}})", c)
                  .empty());
  EXPECT_EQ(adapters::wecom::settings(c).agent_id, "1000002");
  EXPECT_EQ(adapters::wecom::settings(c).timestamp_window.count(), 0);
  EXPECT_EQ(adapters::qq::settings(c).timestamp_window.count(), 0);
  const auto problems = parse(R"({"platforms": {"wecom": {"agent_id": -5, "timestamp_window": "-1s"}}})", d);
  EXPECT_TRUE(mentions(problems, "platforms.wecom.agent_id: must be a string"));
  EXPECT_TRUE(mentions(problems, "platforms.wecom.timestamp_window: must be a duration"));
}

TEST(Config, QqNeedsItsSecretAndAppIdWhenEnabled) {
  Config c, d;
  const auto problems = parse(R"({"platforms": {"qq": {"enabled": true}}})", c);
  EXPECT_TRUE(mentions(problems, "platforms.qq.secret: needed"));
  EXPECT_TRUE(mentions(problems, "platforms.qq.app_id: needed"));
  EXPECT_TRUE(parse(R"({"platforms": {"qq": {"enabled": true, "app_id": "1", "secret": "s", "timestamp_window": "10m"}}})", d)
                  .empty());
  EXPECT_EQ(adapters::qq::settings(d).timestamp_window, std::chrono::minutes(10));
}

TEST(Duration, ParsesUnitsAndRefusesTheRest) {
  EXPECT_EQ(parse_duration("30s"), std::chrono::seconds(30));
  EXPECT_EQ(parse_duration("2d"), std::chrono::hours(48));
  EXPECT_EQ(parse_duration("250ms"), std::chrono::milliseconds(250));
  EXPECT_FALSE(parse_duration("3"));
  EXPECT_FALSE(parse_duration("-3h"));
  EXPECT_FALSE(parse_duration("1.5h"));
  EXPECT_EQ(format_duration(std::chrono::minutes(90)), "90m");
  EXPECT_EQ(parse_clock_time("7:30"), 450);
  EXPECT_FALSE(parse_clock_time("24:00"));
  EXPECT_EQ(format_clock_time(1140), "19:00");
}

}  // namespace jiaxiao::config

namespace jiaxiao::config {

// The example documents every key; it must stay valid as keys are added.
TEST(ExampleConfig, IsValidWhenItsEnvironmentVariablesAreSet) {
  ::setenv("JIAXIAO_ONEBOT_SECRET", "s", 1);
  ::setenv("JIAXIAO_ONEBOT_TOKEN", "t", 1);
  const Config c = load_file(std::string(JIAXIAO_SOURCE_DIR) + "/config/jiaxiao.example.json");
  EXPECT_EQ(adapters::onebot::settings(c).secret, "s");
  EXPECT_EQ(c.school_name, "某某市实验小学");
}

}  // namespace jiaxiao::config

namespace jiaxiao::config {
TEST(Loopback, DualStackAndIpv6LoopbackPeersAreLoopbackAndNothingElseIs) {
  for (const std::string host : {"127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1", "localhost", "0:0:0:0:0:0:0:1"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
  for (const std::string host : {"0.0.0.0", "::", "198.51.100.7", "::ffff:198.51.100.7", "1127.0.0.1", "::ffff:", ""})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}
}  // namespace jiaxiao::config
