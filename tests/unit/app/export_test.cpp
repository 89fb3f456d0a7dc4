#include "bot/app/export.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"

namespace jiaxiao::app {

TEST(ExportCsv, StartsWithABomAndChineseHeadersAndQuotesWhereNeeded) {
  ExportTable table;
  table.columns = {{"text", "内容"}, {"acked", "已回执"}, {"tags", "类别"}, {"n", "数"}};
  table.rows.push_back({{"text", "第一行\n他说\"好\",行"}, {"acked", true}, {"tags", {"单亲家庭", "新生"}}, {"n", nullptr}});
  const std::string csv = to_csv(table);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3), "内容,已回执,类别,数\r\n\"第一行\n他说\"\"好\"\",行\",是,单亲家庭、新生,\r\n");
}

TEST(ExportMessages, HasTheSpecKeysInOrderWithTheSchoolsOffset) {
  testing::TempDir dir;
  store::Database db(dir.file("j.db"));
  core::IncomingMessage m;
  m.platform_message_id = "1:1";
  m.chat = {"onebot", core::ChatKind::group, "987"};
  m.sender = {"onebot", "123", "x"};
  m.text = "收到";
  m.sent_at_ms = 1'796'454'000'000;
  store::Messages(db.sql()).insert_incoming(m, 1'796'454'000'500);
  const auto table = export_messages(db, {}, "Asia/Shanghai");
  const auto json = nlohmann::ordered_json::parse(to_json(table));
  ASSERT_EQ(json.size(), 1u);
  std::vector<std::string> keys;
  for (const auto& [key, value] : json[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "platform", "group", "sender", "direction", "text", "thread",
                                            "platform_message_id", "at"}));
  EXPECT_EQ(json[0]["group"], "onebot:987");
  EXPECT_EQ(json[0]["sender"], "onebot:123");
  EXPECT_EQ(json[0]["at"], "2026-12-05T15:00:00+08:00");
  EXPECT_TRUE(json[0]["thread"].is_null());
}

}  // namespace jiaxiao::app
