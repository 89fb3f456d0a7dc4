#include "bot/adapters/onebot/signature.hpp"

#include <gtest/gtest.h>

#include "tests/support/fixtures.hpp"

namespace jiaxiao::adapters::onebot {

// shared/PROTOCOLS.md §3.5: the published vector, computed with openssl.
TEST(OneBotSignature, MatchesThePublishedVector) {
  const std::string body = testing::fixture("onebot/group_message_vector.json");
  EXPECT_EQ(sign("onebot-test-secret", body), "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb");
  EXPECT_TRUE(verify("onebot-test-secret", body, "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
}

TEST(OneBotSignature, MatchesThePublishedEmptyBodyVector) {
  EXPECT_EQ(sign("onebot-test-secret", ""), "sha1=e6725501e66ce943fa3580b0fc0d3f05e010890f");
}

TEST(OneBotSignature, AcceptsUpperCaseHexAsLagrangeSendsIt) {
  const std::string body = testing::fixture("onebot/group_message_vector.json");
  EXPECT_TRUE(verify("onebot-test-secret", body, "sha1=35314CC66701B833F8FA6DD308F848E8DED069BB"));
}

TEST(OneBotSignature, RefusesForgedTruncatedAndMalformedHeaders) {
  const std::string body = testing::fixture("onebot/group_message_vector.json");
  EXPECT_FALSE(verify("wrong-secret", body, sign("onebot-test-secret", body).c_str()));
  EXPECT_FALSE(verify("onebot-test-secret", body + " ", "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
  EXPECT_FALSE(verify("onebot-test-secret", body, "sha1=35314cc66701b833f8fa6dd308f848e8ded069"));
  EXPECT_FALSE(verify("onebot-test-secret", body, "35314cc66701b833f8fa6dd308f848e8ded069bb"));
  EXPECT_FALSE(verify("onebot-test-secret", body, "sha1=zz314cc66701b833f8fa6dd308f848e8ded069bb"));
  EXPECT_FALSE(verify("onebot-test-secret", body, ""));
}


// The adapter keys the MAC once and reuses it for every event: each use must start afresh under the
// same key, whatever came before (a forged body, an empty one).
TEST(OneBotSignature, AKeyedSecretGivesTheSameAnswerEveryTime) {
  const std::string body = testing::fixture("onebot/group_message_vector.json");
  HmacSha1 keyed("onebot-test-secret");
  for (int round = 0; round < 3; ++round) {
    EXPECT_TRUE(verify(keyed, body, "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
    EXPECT_FALSE(verify(keyed, body + " ", "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
    EXPECT_TRUE(verify(keyed, "", "sha1=e6725501e66ce943fa3580b0fc0d3f05e010890f"));
  }
  HmacSha1 other("wrong-secret");
  EXPECT_FALSE(verify(other, body, "sha1=35314cc66701b833f8fa6dd308f848e8ded069bb"));
}

// RFC 2202 §3, test cases 1 and 2: HMAC-SHA1 itself, through the keyed object.
TEST(OneBotSignature, KeyedHmacMatchesRfc2202) {
  unsigned char mac[20];
  HmacSha1(std::string(20, '\x0b')).mac("Hi There", mac);
  EXPECT_EQ(to_hex(std::string_view(reinterpret_cast<const char*>(mac), 20)), "b617318655057264e28bc0b6fb378c8ef146be00");
  HmacSha1 jefe("Jefe");
  jefe.mac("what do ya want for nothing?", mac);
  jefe.mac("what do ya want for nothing?", mac);
  EXPECT_EQ(to_hex(std::string_view(reinterpret_cast<const char*>(mac), 20)), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

}  // namespace jiaxiao::adapters::onebot
