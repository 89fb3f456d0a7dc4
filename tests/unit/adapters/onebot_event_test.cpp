#include "bot/adapters/onebot/event.hpp"

#include <gtest/gtest.h>

#include "tests/support/fixtures.hpp"

namespace jiaxiao::adapters::onebot {

TEST(OneBotEvent, ParsesTheSegmentArrayOfTheVector) {
  auto event = parse_event(testing::fixture("onebot/group_message_vector.json"));
  ASSERT_TRUE(event) << event.error();
  EXPECT_EQ(event->kind, EventKind::message);
  ASSERT_TRUE(event->message);
  const auto& m = *event->message;
  EXPECT_EQ(m.chat, (core::ChatRef{"onebot", core::ChatKind::group, "987654321"}));
  EXPECT_EQ(m.sender.id, "12345678");
  EXPECT_EQ(m.sender.name, "班长");  // the group card wins over the nickname
  EXPECT_TRUE(m.mentions_bot);
  EXPECT_TRUE(m.mentions.empty());
  EXPECT_EQ(m.text, "你好 [x]&");
  EXPECT_EQ(m.platform_message_id, "123456:1715000000");
  EXPECT_EQ(m.sent_at_ms, 1'715'000'000'000);
}

TEST(OneBotEvent, ParsesACqCodeStringWithEscapes) {
  auto event = parse_event(testing::fixture("onebot/private_cq_string.json"));
  ASSERT_TRUE(event) << event.error();
  const auto& m = *event->message;
  EXPECT_EQ(m.chat.kind, core::ChatKind::private_chat);
  EXPECT_EQ(m.chat.id, "22334455");
  EXPECT_EQ(m.reply_to, "99");
  EXPECT_EQ(m.text, "[表情]收到,谢谢 [老师] & [图片]");
  EXPECT_EQ(m.sender.name, "张妈妈");
  EXPECT_EQ(m.platform_message_id, "-2147480000:1715000100");
}

TEST(OneBotEvent, CqStringAndArrayFormsGiveTheSameMessage) {
  core::IncomingMessage from_cq;
  apply_cq_string("[CQ:at,qq=10001000] 你好 &#91;x&#93;&amp;", "10001000", from_cq);
  auto from_array = parse_event(testing::fixture("onebot/group_message_vector.json"));
  EXPECT_EQ(from_cq.text, " 你好 [x]&");
  EXPECT_EQ(from_cq.mentions_bot, from_array->message->mentions_bot);
}

TEST(OneBotEvent, KeepsOtherMentionsInOrderAndMarksAtAll) {
  auto event = parse_event(R"({"time":1,"self_id":1,"post_type":"message","message_type":"group","message_id":5,
      "group_id":7,"user_id":9,"message":[{"type":"text","data":{"text":"/角色 "}},{"type":"at","data":{"qq":222}},
      {"type":"at","data":{"qq":"333"}},{"type":"text","data":{"text":" 教师"}},{"type":"at","data":{"qq":"all"}},
      {"type":"mystery","data":{}}]})");
  ASSERT_TRUE(event) << event.error();
  EXPECT_EQ(event->message->mentions, (std::vector<std::string>{"222", "333"}));
  EXPECT_FALSE(event->message->mentions_bot);
  EXPECT_EQ(event->message->text, "/角色  教师@全体成员 [mystery]");
}

TEST(OneBotEvent, RecognisesEventsThatAreNotChat) {
  for (const auto& [file, kind] : {std::pair{"onebot/heartbeat.json", EventKind::meta_event},
                                   std::pair{"onebot/group_increase_notice.json", EventKind::notice},
                                   std::pair{"onebot/friend_request.json", EventKind::request}}) {
    auto event = parse_event(testing::fixture(file));
    ASSERT_TRUE(event) << file;
    EXPECT_EQ(event->kind, kind) << file;
    EXPECT_FALSE(event->message) << file;
  }
  auto own = parse_event(R"({"post_type":"message_sent","self_id":1})");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->kind, EventKind::other);
}

TEST(OneBotEvent, GuildMessagesAreWellFormedButNoChatForJiaxiao) {
  // go-cqhttp's channel messages were answered 400, so the sender retried them.
  auto guild = parse_event(R"({"post_type":"message","message_type":"guild","sub_type":"channel","message_id":"x",
                              "user_id":"144115218677563300","guild_id":"1","channel_id":"2","message":"hi","self_id":1})");
  ASSERT_TRUE(guild) << guild.error();
  EXPECT_EQ(guild->kind, EventKind::other);
  EXPECT_FALSE(guild->message);
}

TEST(OneBotEvent, ALoneSurrogateEscapeIsReadAsAReplacementCharacter) {
  // NapCat cut a group card inside an emoji; the 收到 must not be lost.
  const std::string body = R"({"time":1715000000,"self_id":1,"post_type":"message","message_type":"group","message_id":9,)"
                           R"("group_id":2,"user_id":3,"message":"收到 \ud83d\ude00","sender":{"card":"张妈妈\ud83d"}})";
  auto event = parse_event(body);
  ASSERT_TRUE(event) << event.error();
  ASSERT_TRUE(event->message);
  EXPECT_EQ(event->message->sender.name, "张妈妈\uFFFD");
  EXPECT_EQ(event->message->text, "收到 \U0001F600");  // a whole pair stays what it was
}

TEST(OneBotEvent, AnAnonymousSenderIsNobody) {
  // Every anonymous member shares user 80000000: it must not bind a child or answer for one.
  const std::string body = R"({"time":1715000000,"self_id":1,"post_type":"message","message_type":"group",)"
                           R"("sub_type":"anonymous","message_id":9,"group_id":2,"user_id":80000000,)"
                           R"("anonymous":{"id":1,"name":"小猫","flag":"f"},"message":"/绑定 张小明 妈妈"})";
  auto event = parse_event(body);
  ASSERT_TRUE(event) << event.error();
  ASSERT_TRUE(event->message);
  EXPECT_EQ(event->message->sender.id, "");
  EXPECT_EQ(event->message->text, "/绑定 张小明 妈妈");
}

TEST(OneBotEvent, RefusesMalformedBodiesWithAReason) {
  EXPECT_EQ(parse_event("not json").error(), "body is not a JSON object");
  EXPECT_EQ(parse_event("[]").error(), "body is not a JSON object");
  EXPECT_EQ(parse_event(R"({"self_id":1})").error(), "post_type is missing");
  EXPECT_EQ(parse_event(R"({"post_type":"message","message_type":"group","user_id":1,"group_id":2,"message":"x"})").error(),
            "message_id is missing");
  EXPECT_EQ(parse_event(R"({"post_type":"message","message_type":"group","message_id":1,"user_id":1,"message":"x"})").error(),
            "group_id is missing");
  EXPECT_EQ(parse_event(R"({"post_type":"message","message_type":"private","message_id":1,"user_id":1,"message":5})").error(),
            "message is neither a string nor a segment array");
  EXPECT_EQ(parse_event(R"({"post_type":"message","message_type":"private","message_id":1,"user_id":1,"message":[1]})").error(),
            "a message segment is not an object");
}

TEST(OneBotEvent, SurvivesAnUnclosedCqCode) {
  core::IncomingMessage m;
  apply_cq_string("你好[CQ:at,qq=1", "9", m);
  EXPECT_EQ(m.text, "你好[CQ:at,qq=1");
  EXPECT_EQ(message_id_of("123:1715000000"), "123");
}

}  // namespace jiaxiao::adapters::onebot
