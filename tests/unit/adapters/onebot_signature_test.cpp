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

}  // namespace jiaxiao::adapters::onebot
