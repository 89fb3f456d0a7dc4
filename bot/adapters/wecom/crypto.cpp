#include "bot/adapters/wecom/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>

#include "bot/adapters/crypto.hpp"

namespace jiaxiao::adapters::wecom {

namespace {
constexpr std::size_t block = 32;  // WeCom pads to 32 bytes, not AES's 16

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

/// AES-256-CBC without OpenSSL's padding; `input` is a multiple of 16 bytes. Nullopt if OpenSSL fails.
std::optional<std::string> aes_cbc(const std::string& key, std::string_view input, bool encrypt) {
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) return std::nullopt;
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, k, k, encrypt ? 1 : 0) != 1) return std::nullopt;
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(input.size() + 32, '\0');
  int written = 0, final_written = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), o, &written, reinterpret_cast<const unsigned char*>(input.data()),
                       static_cast<int>(input.size())) != 1)
    return std::nullopt;
  if (EVP_CipherFinal_ex(ctx.get(), o + written, &final_written) != 1) return std::nullopt;
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}
}  // namespace

std::optional<std::string> encoding_aes_key_problem(std::string_view key) {
  const bool alnum = std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
  if (key.size() == 43 && alnum) return std::nullopt;
  return "must be the 43 letters and digits WeCom shows (this one has " + std::to_string(key.size()) + " characters" +
         (alnum ? "" : ", not all letters and digits") + ")";
}

core::Parsed<CallbackCrypto> CallbackCrypto::create(std::string token, std::string_view encoding_aes_key,
                                                    std::string receive_id) {
  if (auto problem = encoding_aes_key_problem(encoding_aes_key)) return core::ParseError{std::move(*problem)};
  std::string key;
  if (!base64_decode(std::string(encoding_aes_key) + "=", key) || key.size() != 32)
    return core::ParseError{"does not decode to a 32-byte AES key"};
  if (token.empty()) return core::ParseError{"the callback token is empty"};
  return CallbackCrypto(std::move(token), std::move(key), std::move(receive_id));
}

std::string CallbackCrypto::sign(std::string_view timestamp, std::string_view nonce, std::string_view encrypted) const {
  std::array<std::string_view, 4> parts{token_, timestamp, nonce, encrypted};
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (auto part : parts) joined += part;
  return to_hex(sha1(joined));
}

bool CallbackCrypto::verify(std::string_view signature, std::string_view timestamp, std::string_view nonce,
                            std::string_view encrypted) const {
  std::string given;
  if (!from_hex(signature, given)) return false;
  std::string expected;
  from_hex(sign(timestamp, nonce, encrypted), expected);
  return constant_time_equal(given, expected);
}

core::Parsed<std::string> CallbackCrypto::open(std::string_view encrypted) const {
  std::string cipher;
  if (!base64_decode(encrypted, cipher)) return core::ParseError{"ciphertext is not Base64"};
  if (cipher.empty() || cipher.size() % block != 0)
    return core::ParseError{"ciphertext is not a whole number of 32-byte blocks"};
  auto plain = aes_cbc(key_, cipher, false);
  if (!plain) return core::ParseError{"AES decryption failed"};
  const auto pad = static_cast<unsigned char>(plain->back());
  if (pad < 1 || pad > block) return core::ParseError{"bad padding"};
  for (std::size_t i = plain->size() - pad; i < plain->size(); ++i) {
    if (static_cast<unsigned char>((*plain)[i]) != pad) return core::ParseError{"bad padding"};
  }
  plain->resize(plain->size() - pad);
  if (plain->size() < 20) return core::ParseError{"plaintext too short"};
  const auto* p = reinterpret_cast<const unsigned char*>(plain->data()) + 16;
  const std::size_t length = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
  if (length > plain->size() - 20) return core::ParseError{"message length exceeds the plaintext"};
  std::string message = plain->substr(20, length);
  const std::string_view receive_id = std::string_view(*plain).substr(20 + length);
  if (!constant_time_equal(receive_id, receive_id_)) return core::ParseError{"receiveid does not match"};
  return message;
}

std::string CallbackCrypto::seal(std::string_view message, std::string_view random16) const {
  std::string plain(random16.substr(0, 16));
  plain.resize(16, '0');
  const auto length = static_cast<std::uint32_t>(message.size());
  plain.push_back(static_cast<char>(length >> 24));
  plain.push_back(static_cast<char>(length >> 16));
  plain.push_back(static_cast<char>(length >> 8));
  plain.push_back(static_cast<char>(length));
  plain += message;
  plain += receive_id_;
  const std::size_t pad = block - plain.size() % block;  // 1..32: a full block when already aligned
  plain.append(pad, static_cast<char>(pad));
  auto cipher = aes_cbc(key_, plain, true);
  if (!cipher) throw std::runtime_error("AES encryption failed in OpenSSL");
  return base64_encode(*cipher);
}

std::string CallbackCrypto::seal(std::string_view message) const {
  std::array<unsigned char, 16> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  return seal(message, std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
}

}  // namespace jiaxiao::adapters::wecom
