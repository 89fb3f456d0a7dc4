#pragma once
// Small OpenSSL helpers shared by the adapters' signature checks.

#include <openssl/types.h>

#include <string>
#include <string_view>

namespace jiaxiao::adapters {

/// Lower-case hex of bytes.
std::string to_hex(std::string_view bytes);
/// Bytes of a hex string (either case); false when it is not even-length hex.
bool from_hex(std::string_view hex, std::string& bytes);
/// Equality in time independent of where the inputs differ (CRYPTO_memcmp); lengths are public.
bool constant_time_equal(std::string_view a, std::string_view b);
/// HMAC-SHA1(key, data), 20 raw bytes. Throws std::runtime_error only if OpenSSL itself fails.
std::string hmac_sha1(std::string_view key, std::string_view data);
/// HMAC-SHA1 under one key, fetched and keyed once: each mac() reuses the keyed state instead of
/// looking up the algorithm and hashing the key again (what one-shot HMAC() does every call).
/// Thread: one thread at a time.
class HmacSha1 {
 public:
  /// Throws std::runtime_error if OpenSSL cannot set it up.
  explicit HmacSha1(std::string_view key);
  ~HmacSha1();
  HmacSha1(const HmacSha1&) = delete;
  HmacSha1& operator=(const HmacSha1&) = delete;
  /// HMAC-SHA1(key, data), 20 raw bytes, written to `out`. Throws std::runtime_error only if OpenSSL fails.
  void mac(std::string_view data, unsigned char (&out)[20]);

 private:
  EVP_MAC* algorithm_ = nullptr;
  EVP_MAC_CTX* keyed_ = nullptr;
};
/// SHA-1 of data, 20 raw bytes.
std::string sha1(std::string_view data);
/// Standard Base64 (RFC 4648 alphabet with + and /, '=' padding).
std::string base64_encode(std::string_view bytes);
/// Bytes of strict standard Base64 (length a multiple of 4, padding only at the end); false otherwise.
bool base64_decode(std::string_view text, std::string& bytes);

}  // namespace jiaxiao::adapters
