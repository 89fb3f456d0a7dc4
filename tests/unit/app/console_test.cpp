#include "bot/app/console.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "store/database.hpp"
#include "store/messages.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::app {

TEST(Console, AnswersHelpFromScriptedInputThroughTheSameDatabase) {
  testing::TempDir dir;
  config::Config config;
  config.database = dir.file("j.db");
  testing::FakeClock clock;
  std::istringstream in("/帮助\n\n大家好\n/帮助 \\\nhelp\n");
  std::ostringstream out;
  EXPECT_EQ(run_console(config, {.group = "三年级2班", .as_user = "console:wang", .prompt = false}, in, out, clock), 0);
  const std::string printed = out.str();
  EXPECT_NE(printed.find("家校助手> 你可以使用的命令："), std::string::npos);
  EXPECT_NE(printed.find("用法：/帮助 [命令]"), std::string::npos);  // the continued line joined "/帮助 " and "help"
  store::Database db(config.database);
  store::Messages messages(db.sql());
  EXPECT_EQ(messages.count("in"), 3);   // the blank line is not a message
  EXPECT_EQ(messages.count("out"), 2);  // group chat "大家好" gets no answer
  EXPECT_EQ(db.sql().execAndGet("SELECT platform_chat_id FROM chats").getString(), "三年级2班");
  EXPECT_EQ(db.sql().execAndGet("SELECT platform_user_id FROM members").getString(), "wang");
}

}  // namespace jiaxiao::app
