#pragma once
// The QQ official bot's Ed25519 webhook signatures (shared/PROTOCOLS.md §2.2, §2.3): the 32-byte seed
// is the bot secret repeated and cut to 32 bytes; callbacks are signed over X-Signature-Timestamp + the
// raw body; the op-13 validation is answered with a signature over event_ts + plain_token.

#include <memory>
#include <string>
#include <string_view>

namespace jiaxiao::adapters::qq {

/// The seed QQ derives from a bot secret: the secret repeated until it has 32 bytes, then cut.
std::string seed_from_secret(std::string_view secret);

/// The bot's Ed25519 key pair (OpenSSL EVP raw keys). Not copyable; cheap to share by reference.
class BotKey {
 public:
  /// Throws std::invalid_argument when the secret is empty, std::runtime_error if OpenSSL fails.
  explicit BotKey(std::string_view secret);
  ~BotKey();
  BotKey(const BotKey&) = delete;
  BotKey& operator=(const BotKey&) = delete;

  /// Lower-case hex of the 32-byte public key.
  std::string public_key_hex() const;
  /// Lower-case hex of the 64-byte signature of `message`.
  std::string sign_hex(std::string_view message) const;
  /// Whether `signature_hex` (64 bytes, top 3 bits of the last byte clear) signs timestamp + body.
  bool verify(std::string_view timestamp, std::string_view body, std::string_view signature_hex) const;

 private:
  struct Keys;
  std::unique_ptr<Keys> keys_;
};

}  // namespace jiaxiao::adapters::qq
