#include "bot/adapters/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <stdexcept>

namespace jiaxiao::adapters {

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0x0F]);
  }
  return out;
}

bool from_hex(std::string_view hex, std::string& bytes) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  bytes.clear();
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = value(hex[i]), lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  unsigned char mac[20];
  HmacSha1(key).mac(data, mac);
  return std::string(reinterpret_cast<const char*>(mac), sizeof mac);
}

HmacSha1::HmacSha1(std::string_view key) {
  algorithm_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  keyed_ = algorithm_ != nullptr ? EVP_MAC_CTX_new(algorithm_) : nullptr;
  char digest[] = "SHA1";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
  if (keyed_ == nullptr ||
      EVP_MAC_init(keyed_, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
    EVP_MAC_CTX_free(keyed_);
    EVP_MAC_free(algorithm_);
    throw std::runtime_error("HMAC-SHA1 setup failed in OpenSSL");
  }
}

HmacSha1::~HmacSha1() {
  EVP_MAC_CTX_free(keyed_);
  EVP_MAC_free(algorithm_);
}

void HmacSha1::mac(std::string_view data, unsigned char (&out)[20]) {
  std::size_t length = 0;
  // A null key restarts the MAC under the key already set (EVP_MAC_init(3)).
  if (EVP_MAC_init(keyed_, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(keyed_, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(keyed_, out, &length, sizeof out) != 1 || length != sizeof out) {
    throw std::runtime_error("HMAC-SHA1 failed in OpenSSL");
  }
}

std::string sha1(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 failed in OpenSSL");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool base64_decode(std::string_view text, std::string& bytes) {
  // EVP_DecodeBlock skips blanks and keeps the zero bytes of the padding: check the form first.
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  for (std::size_t i = 0; i + padding < text.size(); ++i) {
    const char c = text[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!ok) return false;
  }
  bytes.assign(3 * (text.size() / 4), '\0');
  if (text.empty()) return true;
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return false;
  bytes.resize(static_cast<std::size_t>(n) - padding);
  return true;
}

}  // namespace jiaxiao::adapters
