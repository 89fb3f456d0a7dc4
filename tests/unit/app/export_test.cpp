#include "bot/app/export.hpp"

#include <gtest/gtest.h>

#include "store/mailbox.hpp"
#include "store/members.hpp"
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

TEST(ExportCsv, AFormulaOpensAsTextAndBadBytesNeverReachTheFile) {
  // Issue 21: "=HYPERLINK(...)" in an ack comment ran when the teacher opened the file in Excel or WPS.
  ExportTable table;
  table.columns = {{"comment", "留言"}};
  for (const char* text : {"=HYPERLINK(\"http://x.example\",\"点我\")", "+1", "-1 有事", "@SUM(A1)", "\t=1", "\r=1"})
    table.rows.push_back({{"comment", text}});
  table.rows.push_back({{"comment", std::string("a\0b\xff", 4)}});
  table.rows.push_back({{"comment", std::string("\0=1", 3)}});  // a dropped NUL must not uncover a formula
  table.rows.push_back({{"comment", "好的 = 收到"}});
  const std::string csv = to_csv(table);
  EXPECT_EQ(csv.substr(3), "留言\r\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点我\"\")\"\r\n'+1\r\n'-1 有事\r\n'@SUM(A1)\r\n"
                           "'\t=1\r\n'=1\r\nab\uFFFD\r\n'=1\r\n好的 = 收到\r\n");
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

namespace jiaxiao::app {

TEST(ExportMessages, PrivateChatsOnlyWithPrivateAndAMailboxLetterNeverWithItsWriter) {
  // Issue 21: /信箱 letters and private 家访 texts were in `export messages` with their sender.
  testing::TempDir dir;
  store::Database db(dir.file("j.db"));
  store::Messages messages(db.sql());
  const auto add = [&](core::ChatRef chat, const std::string& user, const std::string& text, int id) {
    core::IncomingMessage m;
    m.platform_message_id = std::to_string(id);
    m.chat = std::move(chat);
    m.sender = {"onebot", user, user};
    m.text = text;
    m.sent_at_ms = 1'796'454'000'000 + id;
    return messages.insert_incoming(m, m.sent_at_ms).message_id;
  };
  add({"onebot", core::ChatKind::group, "987"}, "123", "收到", 1);
  add({"onebot", core::ChatKind::private_chat, "456"}, "456", "/家访 张小明 今天 形式:入户 孩子最近情绪低落", 2);
  const auto letter = add({"onebot", core::ChatKind::private_chat, "789"}, "789", "/信箱 食堂的菜太咸", 3);
  const auto member = *store::Members(db.sql()).find("onebot", "789");
  store::Mailbox(db.sql()).add_letter(member, "食堂的菜太咸", 1'796'454'000'003);
  messages.seal(letter);

  const auto group_only = export_messages(db, {}, "Asia/Shanghai");
  ASSERT_EQ(group_only.rows.size(), 1u);
  EXPECT_EQ(group_only.rows[0]["text"], "收到");
  store::MessageFilter with_private;
  with_private.include_private = true;
  const auto all = to_json(export_messages(db, with_private, "Asia/Shanghai"));
  EXPECT_NE(all.find("情绪低落"), std::string::npos);
  EXPECT_EQ(all.find("食堂"), std::string::npos) << all;  // sealed: not even with --private
  EXPECT_EQ(all.find("onebot:789"), std::string::npos) << all;

  const auto mailbox = export_mailbox(db, std::nullopt, std::nullopt, "Asia/Shanghai");
  ASSERT_EQ(mailbox.rows.size(), 1u);
  EXPECT_EQ(mailbox.rows[0]["text"], "食堂的菜太咸");
  EXPECT_EQ(mailbox.rows[0]["answered"], false);
  for (const auto& [key, value] : mailbox.rows[0].items()) EXPECT_EQ(value.dump().find("789"), std::string::npos) << key;
  EXPECT_EQ(to_csv(mailbox).find("789"), std::string::npos);
}

}  // namespace jiaxiao::app
