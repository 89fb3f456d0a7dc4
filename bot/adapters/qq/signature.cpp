#include "bot/adapters/qq/signature.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "bot/adapters/crypto.hpp"

namespace jiaxiao::adapters::qq {

std::string seed_from_secret(std::string_view secret) {
  if (secret.empty()) return "";
  std::string seed(secret);
  while (seed.size() < 32) seed += seed;
  seed.resize(32);
  return seed;
}

struct BotKey::Keys {
  EVP_PKEY* key = nullptr;
  ~Keys() { EVP_PKEY_free(key); }
};

namespace {
using MdContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
}

BotKey::BotKey(std::string_view secret) : keys_(std::make_unique<Keys>()) {
  if (secret.empty()) throw std::invalid_argument("the QQ bot secret is empty");
  const std::string seed = seed_from_secret(secret);
  keys_->key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                            reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
  if (keys_->key == nullptr) throw std::runtime_error("OpenSSL could not make the Ed25519 key");
}

BotKey::~BotKey() = default;

std::string BotKey::public_key_hex() const {
  unsigned char raw[32];
  std::size_t length = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(keys_->key, raw, &length) != 1) throw std::runtime_error("Ed25519 public key");
  return to_hex(std::string_view(reinterpret_cast<const char*>(raw), length));
}

std::string BotKey::sign_hex(std::string_view message) const {
  MdContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char signature[64];
  std::size_t length = sizeof signature;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, keys_->key) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &length, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    throw std::runtime_error("Ed25519 signing failed in OpenSSL");
  }
  return to_hex(std::string_view(reinterpret_cast<const char*>(signature), length));
}

bool BotKey::verify(std::string_view timestamp, std::string_view body, std::string_view signature_hex) const {
  std::string signature;
  if (!from_hex(signature_hex, signature) || signature.size() != 64) return false;
  if ((static_cast<unsigned char>(signature[63]) & 0xE0) != 0) return false;  // as the official code checks
  std::string message(timestamp);
  message += body;
  MdContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, keys_->key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace jiaxiao::adapters::qq
