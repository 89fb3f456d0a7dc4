// Issue 3 end to end over OneBot: an admin links the group and grants a teacher, the roster comes in
// through `jiaxiao roster import`, parents bind, /名单 agrees with `jiaxiao roster list`, and a parent's
// /角色 is refused with nothing changed.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bot/adapters/onebot/config.hpp"
#include "store/database.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/onebot_events.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {

namespace {
constexpr const char* secret = "roster-secret";

struct RosterEndToEnd : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform onebot_api;
  config::Config config;
  std::string config_file = dir.file("jiaxiao.json");
  long long next_id = 1;

  RosterEndToEnd() {
    config.listen_port = 0;
    config.database = dir.file("j.db");
    config.admins = {"onebot:10001"};
    config.roster.binding = decltype(config.roster.binding)::open;  // approval is tested on its own
    adapters::onebot::settings(config).secret = secret;
    adapters::onebot::settings(config).api_base = onebot_api.base_url();
    config.pacing["onebot"] = {6000, 6000, 0, 1000};  // pacing has tests of its own
    config.quiet_start_minute = config.quiet_end_minute =
        0;  // and so do quiet hours: a CI run at night must pass
    // The same database for the CLI runs.
    std::ofstream(config_file) << R"({"database": ")" << config.database
                               << R"(", "admins": ["onebot:10001"]})";
  }

  /// `user` sends segments to the group; returns the bot's answer text.
  std::string say(const testing::RunningApp& app, long long user, const nlohmann::json& segments) {
    const std::size_t before = onebot_api.requests().size();
    const std::string body = testing::onebot_group_event_segments(next_id++, segments, user);
    const auto response =
        testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body);
    EXPECT_EQ(response.status, 204u);
    const auto requests = onebot_api.wait_for(before + 1);
    if (requests.size() <= before) return "(no answer)";
    // A command may answer more than once (a post and a confirmation): let everything go out, so the
    // next say() counts from the right place.
    EXPECT_TRUE(testing::eventually([&] {
      store::Database db(config.database, false);
      return db.sql().execAndGet("SELECT count(*) FROM outbox WHERE state = 'pending'").getInt() == 0;
    }));
    // The answer in the group (private notes, e.g. to the teacher about a binding, may go out first).
    const auto all = onebot_api.requests();
    for (std::size_t i = before; i < all.size(); ++i) {
      if (all[i].path() == "/send_group_msg") return testing::sent_text(all[i].body);
    }
    return testing::sent_text(all[before].body);
  }
  /// `user` says something that gets no answer in the group (an ack): waits until it is acted on and
  /// whatever it caused has gone out.
  void post(const testing::RunningApp& app, long long user, const std::string& said) {
    const std::string body = testing::onebot_group_event_segments(next_id++, text(said), user);
    EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status, 204u);
    EXPECT_TRUE(testing::eventually([&] {
      store::Database db(config.database, false);
      return db.sql().execAndGet("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NULL").getInt() == 0 &&
             db.sql().execAndGet("SELECT count(*) FROM outbox WHERE state = 'pending'").getInt() == 0;  // a private hint, if any
    }));
  }
  /// Admin 10001 links the group to 三年级2班 and gives 20002 the role `role_word`; the roster
  /// `csv_text` is imported with the real CLI; each (user, "/绑定 …") is sent.
  void set_up_class(const testing::RunningApp& app, const std::string& role_word, const std::string& csv_text,
                    const std::vector<std::pair<long long, std::string>>& binds) {
    say(app, 10001, text("/班级 三年级2班"));
    say(app, 10001, at_then("/角色 ", "20002", " " + role_word));
    const std::string csv = dir.file("名单.csv");
    std::ofstream(csv) << csv_text;
    ASSERT_EQ(testing::run_jiaxiao({"roster", "import", csv, "--class", "三年级2班", "--config", config_file})
                  .exit_code,
              0);
    for (const auto& [user, command] : binds) say(app, user, text(command));
  }
  static nlohmann::json text(const std::string& t) { return {{{"type", "text"}, {"data", {{"text", t}}}}}; }
  static nlohmann::json at_then(const std::string& before, const std::string& qq, const std::string& after) {
    return {{{"type", "text"}, {"data", {{"text", before}}}},
            {{"type", "at"}, {"data", {{"qq", qq}}}},
            {{"type", "text"}, {"data", {{"text", after}}}}};
  }
};
}  // namespace

TEST_F(RosterEndToEnd, AdminLinksTeacherImportsParentsBindAndTheRosterAgrees) {
  testing::RunningApp app(config);
  EXPECT_EQ(say(app, 10001, text("/班级 三年级2班")).rfind("已将本群关联到 三年级2班（新建班级）。", 0), 0u);
  EXPECT_EQ(say(app, 10001, at_then("/角色 ", "20002", " 班主任")), "已将 20002 设为三年级2班的班主任。");

  const std::string csv = dir.file("名单.csv");
  std::ofstream(csv) << "\xEF\xBB\xBF姓名,学号,新生,关注类别\r\n张小明,2024001,是,\r\n李华,2024002,否,\r\n"
                        "王芳,2024003,否,留守儿童\r\n赵六,2024004,否,\r\n刘洋,2024005,否,\r\n";
  const auto imported =
      testing::run_jiaxiao({"roster", "import", csv, "--class", "三年级2班", "--config", config_file});
  EXPECT_EQ(imported.exit_code, 0);
  EXPECT_NE(imported.out.find("新增 5 人"), std::string::npos) << imported.out;

  EXPECT_EQ(say(app, 30001, text("/绑定 张小明 妈妈")), "已绑定：你是 张小明（三年级2班）的妈妈。");
  EXPECT_EQ(say(app, 30002, text("/绑定 李华 爸爸")), "已绑定：你是 李华（三年级2班）的爸爸。");

  const std::string roster = say(app, 20002, text("/名单"));
  EXPECT_NE(roster.find("张小明（2024001）：妈妈 家长"), std::string::npos) << roster;
  EXPECT_NE(roster.find("尚未绑定（3 人）：王芳、赵六、刘洋"), std::string::npos) << roster;

  const auto roles_before =
      testing::run_jiaxiao({"role", "list", "--class", "三年级2班", "--config", config_file});
  EXPECT_EQ(say(app, 30001, at_then("/角色 ", "30001", " 班主任")),
            "只有班主任、任课教师或学校管理员可以使用 /角色。");
  const auto roles_after =
      testing::run_jiaxiao({"role", "list", "--class", "三年级2班", "--config", config_file});
  EXPECT_EQ(roles_after.out, roles_before.out);
  EXPECT_EQ(roles_after.out, "三年级2班\tteacher\t班主任\tonebot:20002\t家长\n");

  const auto listed =
      testing::run_jiaxiao({"roster", "list", "--class", "三年级2班", "--config", config_file});
  EXPECT_EQ(listed.out, roster + "\n");
}

TEST_F(RosterEndToEnd, TheCliRefusesWrongUseWithAReason) {
  const auto no_class =
      testing::run_jiaxiao({"roster", "list", "--class", "没有的班", "--config", config_file}, true);
  EXPECT_EQ(no_class.exit_code, 1);
  EXPECT_NE(no_class.out.find("no class 没有的班"), std::string::npos);
  const auto bad_role =
      testing::run_jiaxiao({"role", "grant", "onebot:1", "principal", "--config", config_file}, true);
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.out.find("ROLE must be admin, teacher, chair or committee"), std::string::npos);
  testing::run_jiaxiao({"class", "add", "三年级2班", "--config", config_file});
  const std::string csv = dir.file("bad.csv");
  std::ofstream(csv) << "姓名,学号\n张小明,1\n李华,1\n";
  const auto bad =
      testing::run_jiaxiao({"roster", "import", csv, "--class", "三年级2班", "--config", config_file}, true);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("第 3 行：学号 1 与第 2 行重复"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("未导入任何学生"), std::string::npos);
}

TEST_F(RosterEndToEnd, AnOptionASubcommandDoesNotTakeOrAMalformedTimeIsRefusedWithExit2) {
  // Issue 21: `time … --webhook-key x` exited 0 and --now 99:99 was read as four days later.
  const auto stray = testing::run_jiaxiao({"time", "明天下午3点", "--webhook-key", "y", "--config", config_file}, true);
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.out.find("jiaxiao time 不接受 --webhook-key"), std::string::npos) << stray.out;
  for (const std::string now : {"2026-11-23T99:99", "2026-11-23T10:00junk", "2026-02-30T10:00", "2026-11-23T10:00+25:00"}) {
    const auto bad_now = testing::run_jiaxiao({"time", "明天下午3点", "--now", now, "--config", config_file}, true);
    EXPECT_EQ(bad_now.exit_code, 2) << now;
    EXPECT_NE(bad_now.out.find("--now 应是 ISO 8601 时间"), std::string::npos) << bad_now.out;
  }
  const auto good = testing::run_jiaxiao({"time", "明天下午3点", "--now", "2026-11-23T10:00", "--config", config_file});
  EXPECT_EQ(good.exit_code, 0);
  EXPECT_EQ(good.out.substr(0, 25), "2026-11-24T15:00:00+08:00");
  EXPECT_EQ(testing::run_jiaxiao({"class", "list", "--thread", "3", "--config", config_file}).exit_code, 2);
  EXPECT_EQ(testing::run_jiaxiao({"outbox", "list", "--format", "json", "--config", config_file}).exit_code, 2);
}

TEST_F(RosterEndToEnd, EveryExportAppliesEachFilterOrRefusesIt) {
  testing::run_jiaxiao({"class", "add", "三年级2班", "--config", config_file});
  const auto refuse = [&](std::vector<std::string> args, const std::string& reason) {
    args.insert(args.end(), {"--config", config_file});
    const auto result = testing::run_jiaxiao(args, true);
    EXPECT_EQ(result.exit_code, 2) << result.out;
    EXPECT_NE(result.out.find(reason), std::string::npos) << result.out;
  };
  refuse({"export", "acks", "--from", "2026-11-01"}, "acks 不能按日期筛选");
  refuse({"export", "polls", "--to", "2026-11-01"}, "polls 不能按日期筛选");
  refuse({"export", "visits", "--thread", "3"}, "visits 没有事项编号");
  refuse({"export", "mailbox", "--class", "三年级2班"}, "mailbox 不按班级导出");
  refuse({"export", "notices", "--private"}, "--private 只用于 export messages");
  refuse({"export", "notices", "--from", "2026-11-31"}, "日期应写成 YYYY-MM-DD");
  const auto applied = testing::run_jiaxiao(
      {"export", "notices", "--class", "三年级2班", "--thread", "1", "--from", "2026-11-01", "--to", "2026-11-30",
       "--format", "json", "--config", config_file});
  EXPECT_EQ(applied.exit_code, 0);
  EXPECT_EQ(applied.out, "[]\n");
}

TEST_F(RosterEndToEnd, AnExportIsWrittenPrivatelyAndNeverThroughASymlink) {
  const std::string target = dir.file("elsewhere.txt");
  std::ofstream(target) << "keep me";
  const std::string link = dir.file("link.csv");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  const auto through_link = testing::run_jiaxiao({"export", "messages", "--out", link, "--config", config_file}, true);
  EXPECT_EQ(through_link.exit_code, 1);
  EXPECT_NE(through_link.out.find("符号链接"), std::string::npos) << through_link.out;
  std::ifstream kept(target);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "keep me");
  const std::string existing = dir.file("open.csv");
  std::ofstream(existing) << "old";
  ASSERT_EQ(::chmod(existing.c_str(), 0644), 0);
  ASSERT_EQ(testing::run_jiaxiao({"export", "messages", "--out", existing, "--config", config_file}).exit_code, 0);
  struct stat st{};
  ASSERT_EQ(::stat(existing.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace jiaxiao

namespace jiaxiao {

TEST_F(RosterEndToEnd, AMemberFloodingTheGroupGetsThreeAnswersAndTheTeachersLetterIsNotKeptBehind) {
  config.pacing["onebot"] = {20, 20, 60, 5};  // the real pace: 20 a minute per group, 5 at once
  testing::RunningApp app(config);
  set_up_class(app, "班主任", "姓名,学号\n张小明,1\n", {});
  const std::size_t before = onebot_api.requests().size();
  for (int i = 0; i < 40; ++i) {  // 40 unknown commands from one parent, as fast as they can be posted
    const std::string body = testing::onebot_group_event(next_id++, "/刷屏" + std::to_string(i), 1'715'000'000, 30009);
    ASSERT_EQ(testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status, 204u);
  }
  const std::string letter = testing::onebot_group_event(next_id++, "/告家长书 寒假安全", 1'715'000'000, 20002);
  ASSERT_EQ(testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, letter), letter).status,
            204u);
  // Within the burst: the letter is not queued behind 40 answers at 20 a minute (two minutes).
  ASSERT_TRUE(testing::eventually([&] {
    for (const auto& r : onebot_api.requests())
      if (testing::sent_text(r.body).rfind("【告家长书 #1】寒假安全", 0) == 0) return true;
    return false;
  }));
  ASSERT_TRUE(testing::eventually([&] {
    store::Database db(config.database, false);
    return db.sql().execAndGet("SELECT count(*) FROM messages WHERE direction = 'in' AND processed_at IS NULL").getInt() == 0;
  }));
  std::size_t answers_to_flooder = 0;
  for (std::size_t i = before; i < onebot_api.requests().size(); ++i)
    answers_to_flooder += testing::sent_text(onebot_api.requests()[i].body).find("未知命令") != std::string::npos;
  {
    store::Database db(config.database, false);
    answers_to_flooder += db.sql().execAndGet("SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id "
                                              "WHERE o.state = 'pending' AND m.text LIKE '未知命令%'").getInt();
  }
  EXPECT_EQ(answers_to_flooder, 3u);  // outbox.replies_per_member_per_minute, sent or still queued
  EXPECT_NE(testing::http_call("GET", app.url("/metrics")).body.find("jiaxiao_replies_dropped_total 37"),
            std::string::npos);
}

TEST_F(RosterEndToEnd, ALetterIsAcknowledgedPerStudentRemindedAndExported) {
  // The reminder is brought forward below, once the acks are recorded: a fixed short remind_after
  // raced the acks on a slow (sanitizer) build.
  config.notice.remind_after = std::chrono::hours(1);
  config.outbox.poll_interval = std::chrono::milliseconds(200);  // the scheduler looks at the table this often
  testing::RunningApp app(config);
  set_up_class(app, "班主任", "姓名,学号\n张小明,1\n李华,2\n王芳,3\n赵六,4\n刘洋,5\n",
               {{30001, "/绑定 张小明 妈妈"}, {30002, "/绑定 张小明 爸爸"}, {30003, "/绑定 李华 妈妈"}});

  const std::size_t before = onebot_api.requests().size();
  const std::string letter = say(app, 20002, text("/告家长书 寒假安全"));
  EXPECT_EQ(letter.rfind("【告家长书 #1】寒假安全", 0), 0u) << letter;
  EXPECT_NE(letter.find("请家长阅读后回复“收到”"), std::string::npos);
  ASSERT_EQ(onebot_api.wait_for(before + 2).size(), before + 2);  // the letter and the teacher's confirmation

  // Three guardians, two of the same student; nothing is answered to an ack.
  for (long long guardian : {30001LL, 30002LL, 30003LL}) {
    const std::string body = testing::onebot_group_event(next_id++, "收到", 1'715'000'000, guardian);
    EXPECT_EQ(
        testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status,
        204u);
  }
  const std::string status = say(app, 20002, text("/回执"));
  EXPECT_NE(status.find("已回执 2/5"), std::string::npos) << status;
  EXPECT_NE(status.find("未回执（3 人）：王芳、赵六、刘洋"), std::string::npos) << status;

  // The automatic reminder (notice.remind_after) names the three: it falls due now.
  {
    store::Database db(config.database, false);
    SQLite::Statement due(db.sql(), "UPDATE reminders SET due_at = ? WHERE id = "
                                    "(SELECT id FROM reminders WHERE state = 'pending' ORDER BY due_at LIMIT 1)");
    due.bind(1, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch()).count()));
    ASSERT_EQ(due.exec(), 1);
  }
  ASSERT_TRUE(testing::eventually([&] {
    for (const auto& r : onebot_api.requests()) {
      if (testing::sent_text(r.body).rfind(
              "【回执提醒 #1《寒假安全》】还有 3 位同学的家长未回执：王芳、赵六、刘洋", 0) == 0)
        return true;
    }
    return false;
  }));

  const auto exported = testing::run_jiaxiao({"export", "acks", "--format", "json", "--config", config_file});
  ASSERT_EQ(exported.exit_code, 0);
  const auto rows = nlohmann::json::parse(exported.out);
  ASSERT_EQ(rows.size(), 5u);
  std::vector<bool> acked;
  for (const auto& row : rows) acked.push_back(row["acked"].get<bool>());
  EXPECT_EQ(acked, (std::vector<bool>{true, true, false, false, false}));
  EXPECT_EQ(rows[0]["by"], "onebot:30001");
}

}  // namespace jiaxiao

namespace jiaxiao {

TEST_F(RosterEndToEnd, AMeetingIsPostedWithItsTimeAndCountsAnswers) {
  testing::RunningApp app(config);
  set_up_class(app, "班主任", "姓名,学号\n张小明,1\n李华,2\n王芳,3\n赵六,4\n",
               {{30001, "/绑定 张小明 妈妈"}, {30002, "/绑定 李华 爸爸"}, {30003, "/绑定 王芳 妈妈"}});

  const std::string invitation = say(app, 20002, text("/家长会 明天下午3点 三楼会议室"));
  EXPECT_EQ(invitation.rfind("【家长会 #1】三年级2班\n时间：", 0), 0u) << invitation;
  EXPECT_NE(invitation.find("15:00\n地点：三楼会议室"), std::string::npos) << invitation;
  for (const auto& [guardian, answer] :
       {std::pair{30001LL, "参加"}, std::pair{30002LL, "参加 2人"}, std::pair{30003LL, "请假 出差"}}) {
    const std::string body = testing::onebot_group_event(next_id++, answer, 1'715'000'000, guardian);
    EXPECT_EQ(
        testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status,
        204u);
  }
  const std::string status = say(app, 20002, text("/参会"));
  EXPECT_NE(status.find("参加 2（3 人）· 请假 1 · 未回复 1"), std::string::npos) << status;
  EXPECT_NE(status.find("未回复：赵六"), std::string::npos) << status;
}

}  // namespace jiaxiao

namespace jiaxiao {

TEST_F(RosterEndToEnd, AnAnonymousPollAndASignupListWorkOverOneBot) {
  testing::RunningApp app(config);
  set_up_class(app, "家委会主任", "姓名,学号\n张小明,1\n李华,2\n王芳,3\n",
               {{30001, "/绑定 张小明 妈妈"}, {30002, "/绑定 李华 爸爸"}});

  const std::string poll = say(app, 20002, text("/投票 春游去哪里 | 植物园 | 科技馆 匿名"));
  EXPECT_EQ(poll.rfind("【投票 #1】春游去哪里\n1. 植物园\n2. 科技馆\n（匿名投票）", 0), 0u) << poll;
  const std::size_t before = onebot_api.requests().size();
  for (const auto& [guardian, ballot] : {std::pair{30001LL, "2"}, std::pair{30002LL, "2"}}) {
    const std::string body = testing::onebot_group_event(next_id++, ballot, 1'715'000'000, guardian);
    EXPECT_EQ(
        testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status,
        204u);
  }
  const std::string results = say(app, 20002, text("/结果"));
  EXPECT_EQ(
      results,
      "#1 投票：春游去哪里\n1. 植物园：0 票\n2. 科技馆：2 票\n已投 2/3\n（匿名投票：不显示谁投了什么）");
  EXPECT_EQ(onebot_api.requests().size(), before + 1);  // ballots get no answer; the one answer is /结果's
  const auto votes = testing::run_jiaxiao({"export", "votes", "--format", "json", "--config", config_file});
  EXPECT_EQ(votes.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(votes.out).size(), 0u);

  say(app, 20002, text("/接龙 周六志愿者"));  // answered twice: the list's opening post and the confirmation
  say(app, 30001, text("+1 可以带相机"));
  auto posted = [&](const std::string& wanted) {
    for (const auto& r : onebot_api.requests()) {
      if (testing::sent_text(r.body) == wanted) return true;
    }
    return false;
  };
  EXPECT_TRUE(
      testing::eventually([&] { return posted("【接龙 #2】周六志愿者（1 人）\n1. 张小明妈妈 可以带相机"); }));
  const std::string body = testing::onebot_group_event(next_id++, "+1", 1'715'000'000, 30002);
  EXPECT_EQ(
      testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status,
      204u);
  ASSERT_TRUE(testing::eventually([&] {  // batched: the second +1 appears in the list within a minute
    store::Database db(config.database, false);
    return db.sql().execAndGet("SELECT count(*) FROM signup_entries").getInt() == 2;
  }));
  const auto signups =
      testing::run_jiaxiao({"export", "signups", "--format", "json", "--config", config_file});
  EXPECT_EQ(nlohmann::json::parse(signups.out).size(), 2u);
}

}  // namespace jiaxiao

namespace jiaxiao {

TEST_F(RosterEndToEnd, VisitsAreLoggedPrivatelyCountedAndRefusedInTheGroup) {
  testing::RunningApp app(config);
  set_up_class(
      app, "班主任",
      "姓名,学号,新生,关注类别\n张小明,1,否,\n李华,2,否,\n王芳,3,是,\n赵六,4,否,留守儿童\n刘洋,5,否,\n", {});

  auto private_say = [&](const std::string& message) {
    const std::size_t before = onebot_api.requests().size();
    const std::string body = testing::onebot_private_event(next_id++, message, 20002);
    EXPECT_EQ(
        testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, body), body).status,
        204u);
    const auto requests = onebot_api.wait_for(before + 1);
    if (requests.size() <= before) return std::string("(no answer)");
    EXPECT_EQ(requests[before].path(), "/send_private_msg");
    return testing::sent_text(requests[before].body);
  };
  EXPECT_NE(private_say("/家访 张小明 形式:入户 内容:了解学习情况").find("已记录家访：张小明"),
            std::string::npos);
  EXPECT_NE(private_say("/家访 李华 形式:电话 内容:沟通期中成绩").find("已记录家访：李华"),
            std::string::npos);
  const std::string stats = private_say("/家访统计");
  EXPECT_NE(stats.find("学生 5 人，已家访 2 人，覆盖率 40%"), std::string::npos) << stats;
  EXPECT_NE(stats.find("入户 1 次"), std::string::npos) << stats;
  EXPECT_NE(stats.find("未访：王芳"), std::string::npos) << stats;
  EXPECT_NE(stats.find("必访学生未访：赵六（留守儿童）"), std::string::npos) << stats;

  EXPECT_EQ(say(app, 20002, text("/家访 赵六 形式:入户 内容:在群里说")), "家访信息涉及学生隐私，请私聊我");
  const auto visits = testing::run_jiaxiao({"export", "visits", "--format", "json", "--config", config_file});
  ASSERT_EQ(visits.exit_code, 0);
  const auto rows = nlohmann::json::parse(visits.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["student"], "张小明（1）");
  EXPECT_EQ(rows[1]["form"], "电话");
}

}  // namespace jiaxiao

namespace jiaxiao {

namespace {
/// The text of every send_private_msg to `user` among `requests`.
std::vector<std::string> private_texts(const std::vector<net::Request>& requests, long long user) {
  std::vector<std::string> out;
  for (const auto& r : requests) {
    if (r.path() == "/send_private_msg" && nlohmann::json::parse(r.body)["user_id"] == user) out.push_back(testing::sent_text(r.body));
  }
  return out;
}
}  // namespace

TEST_F(RosterEndToEnd, ABindingWaitsForTheTeacherCountsForNothingUntilThenAndTheRealGuardianIsTold) {
  // SPEC §1.1, roster.binding "approve" (the default).
  config.roster.binding = decltype(config.roster.binding)::approve;
  testing::RunningApp app(config);
  set_up_class(app, "班主任", "姓名,学号\n张小明,1\n李华,2\n", {});
  EXPECT_EQ(say(app, 30001, text("/绑定 张小明 妈妈")), "已提交绑定申请（编号 1）：张小明（三年级2班）的妈妈。等班主任确认后生效，确认后会私信告诉你。");
  ASSERT_TRUE(testing::eventually([&] { return !private_texts(onebot_api.requests(), 20002).empty(); }));
  EXPECT_EQ(private_texts(onebot_api.requests(), 20002).front(),
            "【绑定申请 1】家长（onebot:30001） 申请绑定为 张小明（三年级2班）的妈妈。同意请发送 /同意 1，不是本人家长请发送 /拒绝 1。");
  // Pending: it answers for no one.
  say(app, 20002, text("/告家长书 期末安排\n1月20日放假。"));
  post(app, 30001, "收到");
  store::Database db(config.database, false);
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM acks").getInt(), 0);
  EXPECT_NE(say(app, 20002, text("/名单")).find("待确认的绑定申请（1）：\n1. 张小明 妈妈 ← 家长（onebot:30001）"), std::string::npos);
  EXPECT_EQ(say(app, 20002, text("/同意 1")), "已同意绑定申请 1：家长（onebot:30001） 是 张小明 的妈妈。");
  ASSERT_TRUE(testing::eventually([&] { return !private_texts(onebot_api.requests(), 30001).empty(); }));
  EXPECT_NE(private_texts(onebot_api.requests(), 30001).back().find("你的绑定申请已通过"), std::string::npos);
  post(app, 30001, "收到");
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM acks").getInt(), 1);
  // A stranger claims the same child; a parent cannot decide; the teacher approves by mistake: the real
  // mother hears of it at once.
  EXPECT_EQ(say(app, 40004, text("/绑定 张小明 妈妈")).rfind("已提交绑定申请（编号 2）", 0), 0u);
  EXPECT_EQ(say(app, 30001, text("/同意 2")), "只有班主任、任课教师或学校管理员可以使用 /同意。");
  say(app, 20002, text("/同意 2"));
  ASSERT_TRUE(testing::eventually([&] { return private_texts(onebot_api.requests(), 30001).size() >= 2; }));
  EXPECT_EQ(private_texts(onebot_api.requests(), 30001).back(),
            "【绑定通知】家长（onebot:40004） 已绑定为 张小明（三年级2班）的妈妈。如果您不认识这位家长，请联系班主任。");
  // A rejected request binds nobody and its member is told.
  EXPECT_EQ(say(app, 40005, text("/绑定 李华 爸爸")).rfind("已提交绑定申请（编号 3）", 0), 0u);
  EXPECT_EQ(say(app, 20002, text("/拒绝 3")), "已拒绝绑定申请 3。");
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM guardians g JOIN members m ON m.id = g.member_id WHERE m.platform_user_id = '40005'").getInt(), 0);
  EXPECT_EQ(say(app, 20002, text("/拒绝 3")), "绑定申请 3 已经拒绝过了。");
}

}  // namespace jiaxiao
