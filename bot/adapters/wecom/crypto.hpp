#pragma once
// The WeCom callback crypto, common to the self-built app and the smart robot (shared/PROTOCOLS.md §1.1):
// msg_signature = hex(SHA1(sorted(token, timestamp, nonce, encrypt) joined)); AES-256-CBC with the key
// Base64Decode(EncodingAESKey + "=") and IV = its first 16 bytes; PKCS#7 padding to 32-byte blocks (done
// by hand: pad bytes run 1..32); plaintext random(16) | length (uint32 big-endian) | msg | receiveid.

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/result.hpp"

namespace jiaxiao::adapters::wecom {

/// What is wrong with an EncodingAESKey as typed (43 letters and digits, as WeCom shows it), without
/// repeating the key; nullopt when it has the right form. The one rule for the config check and the crypto.
std::optional<std::string> encoding_aes_key_problem(std::string_view key);

/// One callback's keys: token, AES key and the receiveid expected after each message (the CorpID
/// for the self-built app, "" for the smart robot).
class CallbackCrypto {
 public:
  /// Checks the EncodingAESKey (43 characters of [A-Za-z0-9] that decode to 32 bytes); the error
  /// says what is wrong without repeating the key.
  static core::Parsed<CallbackCrypto> create(std::string token, std::string_view encoding_aes_key,
                                             std::string receive_id);

  /// msg_signature over the four strings, lower-case hex.
  std::string sign(std::string_view timestamp, std::string_view nonce, std::string_view encrypted) const;
  /// Whether `signature` (either hex case) is right, compared in constant time.
  bool verify(std::string_view signature, std::string_view timestamp, std::string_view nonce,
              std::string_view encrypted) const;
  /// The message inside Base64 ciphertext, after checking the padding, the length and the receiveid.
  core::Parsed<std::string> open(std::string_view encrypted) const;
  /// Base64 ciphertext of `message` with this receiveid; `random16` is the 16-byte prefix (random in
  /// production, fixed in tests to compare with the platform's own output).
  std::string seal(std::string_view message, std::string_view random16) const;
  /// seal() with 16 random bytes from OpenSSL.
  std::string seal(std::string_view message) const;

 private:
  CallbackCrypto(std::string token, std::string key, std::string receive_id)
      : token_(std::move(token)), key_(std::move(key)), receive_id_(std::move(receive_id)) {}

  std::string token_;
  std::string key_;  // 32 bytes; the IV is its first 16
  std::string receive_id_;
};

}  // namespace jiaxiao::adapters::wecom
