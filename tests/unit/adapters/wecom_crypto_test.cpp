// WeCom callback crypto against the official sample's worked examples (shared/PROTOCOLS.md §4), plus
// round trips over the 32-byte padding's edge cases and the refusals.
#include <gtest/gtest.h>

#include "bot/adapters/crypto.hpp"
#include "bot/adapters/wecom/crypto.hpp"
#include "bot/net/http_types.hpp"
#include "tests/support/wecom_vectors.hpp"

namespace jiaxiao::adapters::wecom {
namespace {

namespace v = testing::wecom_vectors;

CallbackCrypto make(const char* token, const char* key, const char* receive_id) {
  auto crypto = CallbackCrypto::create(token, key, receive_id);
  EXPECT_TRUE(crypto.ok()) << (crypto.ok() ? "" : crypto.error());
  return *crypto;
}

TEST(WeComCrypto, V1VerifyUrlAnswersTheEchostrMessage) {
  const auto crypto = make(v::v1_token, v::v1_key, v::v1_corp);
  EXPECT_EQ(crypto.sign(v::v1_verify_timestamp, v::v1_verify_nonce, v::v1_verify_echostr), v::v1_verify_signature);
  EXPECT_TRUE(crypto.verify(v::v1_verify_signature, v::v1_verify_timestamp, v::v1_verify_nonce, v::v1_verify_echostr));
  auto plain = crypto.open(v::v1_verify_echostr);
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_EQ(*plain, v::v1_verify_reply);
}

TEST(WeComCrypto, V1DecryptMsgGivesThePublishedPlaintext) {
  const auto crypto = make(v::v1_token, v::v1_key, v::v1_corp);
  EXPECT_TRUE(crypto.verify(v::v1_post_signature, v::v1_post_timestamp, v::v1_post_nonce, v::v1_post_encrypt));
  auto plain = crypto.open(v::v1_post_encrypt);
  ASSERT_TRUE(plain.ok()) << plain.error();  // pad byte 22: a 16-byte unpadder would refuse it
  EXPECT_EQ(*plain, v::v1_post_plaintext);
}

TEST(WeComCrypto, V2JsonSampleVerifiesAndDecryptsWithItsCorpId) {
  const auto crypto = make(v::v1_token, v::v1_key, v::v1_corp);
  EXPECT_TRUE(crypto.verify(v::v2_signature, v::v2_timestamp, v::v2_nonce, v::v2_encrypt));
  auto plain = crypto.open(v::v2_encrypt);
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_NE(plain->find("FromUserName"), std::string::npos);  // the sample's own JSON is malformed: not parsed
  // The same ciphertext for the smart robot (receiveid "") is refused: the receiveid is checked.
  const auto robot = make(v::v1_token, v::v1_key, "");
  EXPECT_FALSE(robot.open(v::v2_encrypt).ok());
}

TEST(WeComCrypto, V3GetWithAPercentEncodedEchostr) {
  const auto crypto = make(v::v3_token, v::v3_key, v::v3_corp);
  net::Request get{"GET", std::string("/wecom?") + v::v3_get_query, {}, "", ""};
  const auto echostr = get.query("echostr");
  ASSERT_TRUE(echostr.has_value());
  EXPECT_NE(echostr->find('+'), std::string::npos);  // %2B decoded to '+', never to a space
  EXPECT_TRUE(crypto.verify(*get.query("msg_signature"), *get.query("timestamp"), *get.query("nonce"), *echostr));
  auto plain = crypto.open(*echostr);
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_EQ(*plain, v::v3_get_reply);
}

TEST(WeComCrypto, V3PostDecryptsAndOurSealReproducesThePlatformsCiphertext) {
  const auto crypto = make(v::v3_token, v::v3_key, v::v3_corp);
  net::Request post{"POST", std::string("/wecom?") + v::v3_post_query, {}, "", ""};
  EXPECT_TRUE(crypto.verify(*post.query("msg_signature"), *post.query("timestamp"), *post.query("nonce"),
                            v::v3_post_encrypt));
  auto plain = crypto.open(v::v3_post_encrypt);
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_NE(plain->find("<Content><![CDATA[hello]]></Content>"), std::string::npos);
  EXPECT_NE(plain->find("4561255354251345929"), std::string::npos);
  // With the sample's random prefix, encrypting the plaintext again gives the platform's bytes exactly
  // (pad byte 30), so what the tests seal is what WeCom's own code would send.
  EXPECT_EQ(crypto.seal(*plain, v::v3_random), v::v3_post_encrypt);
}

TEST(WeComCrypto, RoundTripsOverEveryPaddingEdge) {
  const auto crypto = make(v::v1_token, v::v1_key, "");
  // Plaintext = 16 + 4 + message (receiveid ""): pads of 1, 16, 17, 32 and the empty message (pad 12).
  for (const auto& [length, pad] : std::vector<std::pair<std::size_t, std::size_t>>{
           {11, 1}, {28, 16}, {27, 17}, {12, 32}, {0, 12}, {44, 32}}) {
    const std::string message(length, 'x');
    const std::string sealed = crypto.seal(message);
    std::string raw;
    ASSERT_TRUE(base64_decode(sealed, raw));
    EXPECT_EQ(raw.size(), 20 + length + pad) << "length " << length;
    auto plain = crypto.open(sealed);
    ASSERT_TRUE(plain.ok()) << plain.error();
    EXPECT_EQ(*plain, message);
  }
  const std::string chinese = "收到，谢谢老师！";
  EXPECT_EQ(*crypto.open(crypto.seal(chinese)), chinese);
}

TEST(WeComCrypto, RefusesTamperingWrongReceiverAndBadInput) {
  const auto crypto = make(v::v1_token, v::v1_key, v::v1_corp);
  std::string tampered = v::v1_post_signature;
  tampered[0] = tampered[0] == '0' ? '1' : '0';
  EXPECT_FALSE(crypto.verify(tampered, v::v1_post_timestamp, v::v1_post_nonce, v::v1_post_encrypt));
  EXPECT_FALSE(crypto.verify(v::v1_post_signature, "1476422780", v::v1_post_nonce, v::v1_post_encrypt));
  EXPECT_FALSE(crypto.verify("not-hex", v::v1_post_timestamp, v::v1_post_nonce, v::v1_post_encrypt));
  std::string upper = v::v1_post_signature;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(crypto.verify(upper, v::v1_post_timestamp, v::v1_post_nonce, v::v1_post_encrypt));

  const auto other_corp = make(v::v1_token, v::v1_key, "ww0000000000000000");
  EXPECT_EQ(other_corp.open(v::v1_post_encrypt).error(), "receiveid does not match");
  EXPECT_EQ(crypto.open("not base64!").error(), "ciphertext is not Base64");
  EXPECT_EQ(crypto.open("QUJD").error(), "ciphertext is not a whole number of 32-byte blocks");
  // 32 bytes of the wrong key's ciphertext: the padding or the length cannot be right.
  const auto stranger = make(v::v3_token, v::v3_key, v::v1_corp);
  EXPECT_FALSE(stranger.open(v::v1_post_encrypt).ok());
}

TEST(WeComCrypto, ABadKeyIsRefusedWithAReasonAndWithoutTheKey) {
  auto short_key = CallbackCrypto::create("t", "abc", "");
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.error(), "must be the 43 letters and digits WeCom shows (this one has 3 characters)");
  auto symbols = CallbackCrypto::create("t", std::string(42, 'a') + "+", "");
  ASSERT_FALSE(symbols.ok());
  EXPECT_EQ(symbols.error().find("aaaa"), std::string::npos);
}

}  // namespace
}  // namespace jiaxiao::adapters::wecom
