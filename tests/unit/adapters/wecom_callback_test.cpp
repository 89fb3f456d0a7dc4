// The decrypted WeCom callbacks: the app's XML (with and without CDATA) and the smart robot's JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/adapters/wecom/callback.hpp"
#include "tests/support/wecom_vectors.hpp"

namespace jiaxiao::adapters::wecom {
namespace {

TEST(WeComXml, FieldsWithAndWithoutCdataAndEntities) {
  EXPECT_EQ(xml_field("<xml><A><![CDATA[x < y]]></A></xml>", "A"), "x < y");
  EXPECT_EQ(xml_field("<xml><A>x &lt; y &amp; &#x6536;&#21040;</A></xml>", "A"), "x < y & 收到");
  EXPECT_EQ(xml_field("<xml><A></A></xml>", "A"), "");
  EXPECT_EQ(xml_field("<xml><A>open", "A"), std::nullopt);
  EXPECT_EQ(xml_field("<xml><B>1</B></xml>", "A"), std::nullopt);
  EXPECT_EQ(xml_field("<xml><A><![CDATA[broken</A></xml>", "A"), std::nullopt);
  EXPECT_EQ(xml_field("<xml><A>1<![CDATA[<2>]]>3</A></xml>", "A"), "1<2>3");
  EXPECT_EQ(xml_field("<xml><B><A>inner</A></B></xml>", "A"), std::nullopt);  // only top-level elements
}

TEST(WeComApp, AMsgIdTypedInsideTheContentIsTextNotTheMessagesId) {
  // Issue 21: "收到 <MsgId>42</MsgId>" once gave dedupe key 42, so a member could make another message
  // be dropped as a duplicate. Both ways WeCom may write the text: CDATA and escaped.
  for (const std::string content : {"<Content><![CDATA[收到 <MsgId>42</MsgId>]]></Content>",
                                    "<Content>收到 &lt;MsgId&gt;42&lt;/MsgId&gt;</Content>"}) {
    const std::string xml = "<xml><ToUserName><![CDATA[corp]]></ToUserName><FromUserName><![CDATA[parent7]]></FromUserName>"
                            "<CreateTime>1795420800</CreateTime><MsgType><![CDATA[text]]></MsgType>" +
                            content + "<MsgId>7001</MsgId><AgentID>1000002</AgentID></xml>";
    auto parsed = parse_app_message(xml);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    ASSERT_TRUE(parsed->has_value());
    EXPECT_EQ((*parsed)->platform_message_id, "7001");
    EXPECT_EQ((*parsed)->text, "收到 <MsgId>42</MsgId>");
  }
}

TEST(WeComApp, AHugeCreateTimeCannotOverflow) {
  const std::string xml = "<xml><FromUserName>u</FromUserName><CreateTime>9223372036854775807</CreateTime>"
                          "<MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>";
  auto parsed = parse_app_message(xml);
  ASSERT_TRUE(parsed.ok());
  EXPECT_GT((*parsed)->sent_at_ms, 0);
}

TEST(WeComApp, ThePublishedPlaintextWithoutCdataIsAPrivateMessage) {
  auto parsed = parse_app_message(testing::wecom_vectors::v1_post_plaintext);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  ASSERT_TRUE(parsed->has_value());
  const auto& m = **parsed;
  EXPECT_EQ(m.platform_message_id, "1456453720");
  EXPECT_EQ(m.chat, (core::ChatRef{"wecom", core::ChatKind::private_chat, "ChenJiaShun"}));
  EXPECT_EQ(m.sender.id, "ChenJiaShun");
  EXPECT_EQ(m.text, "你好");
  EXPECT_EQ(m.sent_at_ms, 1476422779000);
  EXPECT_FALSE(m.reply_window.has_value());
}

TEST(WeComApp, CdataNewlinesEventsAndMedia) {
  const std::string cdata =
      "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n"
      "<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n"
      "<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";
  auto m = parse_app_message(cdata);
  ASSERT_TRUE(m.ok() && m->has_value());
  EXPECT_EQ((*m)->text, "hello");
  EXPECT_EQ((*m)->platform_message_id, "4561255354251345929");  // beyond 2^53: kept as text

  auto event = parse_app_message("<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>enter_agent</Event></xml>");
  ASSERT_TRUE(event.ok());
  EXPECT_FALSE(event->has_value());

  auto image = parse_app_message("<xml><FromUserName>u</FromUserName><MsgType>image</MsgType><MsgId>7</MsgId></xml>");
  ASSERT_TRUE(image.ok() && image->has_value());
  EXPECT_EQ((*image)->text, "[图片]");

  EXPECT_FALSE(parse_app_message("<xml><MsgType>text</MsgType><MsgId>7</MsgId></xml>").ok());
  EXPECT_FALSE(parse_app_message("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType></xml>").ok());
  EXPECT_FALSE(parse_app_message("not xml at all").ok());
}

nlohmann::json robot_group(const std::string& content) {
  return {{"msgid", "CAIQ16HMjQYY"},       {"aibotid", "AIBOTID"},
          {"chatid", "wrkSFfCgAAxxxx"},    {"chattype", "group"},
          {"from", {{"userid", "zhangsan"}}}, {"response_url", "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=abc"},
          {"msgtype", "text"},             {"text", {{"content", content}}}};
}

TEST(WeComRobot, AGroupMessageLosesTheRobotsNameAndKeepsItsResponseUrl) {
  auto parsed = parse_robot_message(robot_group("@家校助手\u2005/回执 #3").dump(), 1'000'000);
  ASSERT_TRUE(parsed.ok() && parsed->has_value()) << (parsed.ok() ? "" : parsed.error());
  const auto& m = **parsed;
  EXPECT_EQ(m.platform_message_id, "CAIQ16HMjQYY");
  EXPECT_EQ(m.chat, (core::ChatRef{"wecom", core::ChatKind::group, "wrkSFfCgAAxxxx"}));
  EXPECT_EQ(m.sender.id, "zhangsan");
  EXPECT_EQ(m.text, "/回执 #3");
  EXPECT_TRUE(m.mentions_bot);
  ASSERT_TRUE(m.reply_window.has_value());
  EXPECT_EQ(m.reply_window->handle, "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=abc");
  EXPECT_EQ(m.reply_window->max_uses, 1);
  EXPECT_EQ(m.reply_window->expires_at_ms, 1'000'000 + response_url_life_ms);
  EXPECT_EQ(m.sent_at_ms, 1'000'000);

  auto ascii_space = parse_robot_message(robot_group("@RobotA 收到").dump(), 0);
  EXPECT_EQ((*ascii_space)->text, "收到");
  auto only_name = parse_robot_message(robot_group("@RobotA").dump(), 0);
  EXPECT_EQ((*only_name)->text, "");
}

TEST(WeComRobot, AQuoteNamesTheThreadItQuotes) {
  auto json = robot_group("@RobotA 收到");
  json["quote"] = {{"msgtype", "text"}, {"text", {{"content", "【告家长书 #12】秋游通知……"}}}};
  auto m = parse_robot_message(json.dump(), 0);
  ASSERT_TRUE(m.ok() && m->has_value());
  EXPECT_EQ((*m)->quoted_thread, 12);
  json["quote"] = {{"msgtype", "text"}, {"text", {{"content", "没有编号"}}}};
  EXPECT_EQ((*parse_robot_message(json.dump(), 0))->quoted_thread, std::nullopt);
}

TEST(WeComRobot, SingleChatMixedVoiceAndEvents) {
  nlohmann::json single = {{"msgid", "m2"}, {"chattype", "single"}, {"from", {{"userid", "lisi"}}},
                           {"msgtype", "mixed"},
                           {"mixed", {{"msg_item", {{{"msgtype", "text"}, {"text", {{"content", "看这个 "}}}},
                                                    {{"msgtype", "image"}, {"image", {{"url", "u"}}}}}}}}};
  auto m = parse_robot_message(single.dump(), 5);
  ASSERT_TRUE(m.ok() && m->has_value());
  EXPECT_EQ((*m)->chat, (core::ChatRef{"wecom", core::ChatKind::private_chat, "lisi"}));
  EXPECT_EQ((*m)->text, "看这个 [图片]");
  EXPECT_FALSE((*m)->reply_window.has_value());  // no response_url given

  nlohmann::json voice = {{"msgid", "m3"}, {"chattype", "single"}, {"from", {{"userid", "lisi"}}},
                          {"msgtype", "voice"}, {"voice", {{"content", "收到"}}}};
  EXPECT_EQ((*parse_robot_message(voice.dump(), 0))->text, "收到");

  nlohmann::json event = {{"msgid", "m4"}, {"msgtype", "event"}, {"event", {{"eventtype", "enter_chat"}}}};
  auto e = parse_robot_message(event.dump(), 0);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->has_value());

  EXPECT_FALSE(parse_robot_message("[]", 0).ok());
  EXPECT_FALSE(parse_robot_message(R"({"msgtype":"text","from":{"userid":"u"}})", 0).ok());       // no msgid
  EXPECT_FALSE(parse_robot_message(R"({"msgtype":"text","msgid":"x","chattype":"group","from":{"userid":"u"}})", 0).ok());
  EXPECT_FALSE(parse_robot_message(R"({"msgtype":"text","msgid":"x"})", 0).ok());  // no sender
}

}  // namespace
}  // namespace jiaxiao::adapters::wecom
