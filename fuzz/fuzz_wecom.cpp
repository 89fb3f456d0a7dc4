// WeCom callbacks after the signature check: the decrypted plaintext (random prefix, length, message,
// receiveid, padding) is whatever the input says, then the app's XML or the robot's JSON inside it.
#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "bot/adapters/crypto.hpp"
#include "bot/adapters/wecom/callback.hpp"
#include "bot/adapters/wecom/crypto.hpp"

namespace wecom = jiaxiao::adapters::wecom;

namespace {
constexpr const char* aes_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

/// AES-256-CBC of `plain` (a whole number of blocks) without padding, as the platform's key would.
std::string encrypt_raw(std::string_view plain) {
  std::string key;
  jiaxiao::adapters::base64_decode(std::string(aes_key) + "=", key);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, k, k);
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(plain.size() + 32, '\0');
  int n = 0, tail = 0;
  EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n,
                    reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n, &tail);
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const auto crypto = *wecom::CallbackCrypto::create("Token", aes_key, "");
  // The decrypted bytes are the input itself (cut to whole AES blocks).
  const std::string_view blocks = input.substr(0, input.size() / 16 * 16);
  if (auto plain = crypto.open(jiaxiao::adapters::base64_encode(encrypt_raw(blocks)))) {
    if (plain->size() > blocks.size()) std::abort();
    (void)wecom::parse_robot_message(*plain, 1'795'420'800'000);
  }
  // The app callback's XML and the robot's JSON, straight.
  (void)wecom::parse_app_message(input);
  (void)wecom::parse_robot_message(input, 1'795'420'800'000);
  (void)wecom::xml_field(input, "Encrypt");
  (void)crypto.open(input);  // not Base64, or not whole blocks: refused without a crash
  return 0;
}
