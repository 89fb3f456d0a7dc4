#include "bot/adapters/onebot/signature.hpp"

#include "bot/adapters/crypto.hpp"

namespace jiaxiao::adapters::onebot {

std::string sign(std::string_view secret, std::string_view body) { return "sha1=" + to_hex(hmac_sha1(secret, body)); }

bool verify(std::string_view secret, std::string_view body, std::string_view header) {
  HmacSha1 keyed(secret);
  return verify(keyed, body, header);
}

bool verify(HmacSha1& secret, std::string_view body, std::string_view header) {
  constexpr std::string_view prefix = "sha1=";
  if (header.substr(0, prefix.size()) != prefix) return false;
  std::string received;
  if (!from_hex(header.substr(prefix.size()), received)) return false;  // decoding folds the case
  unsigned char expected[20];
  secret.mac(body, expected);
  return constant_time_equal(received, std::string_view(reinterpret_cast<const char*>(expected), sizeof expected));
}

}  // namespace jiaxiao::adapters::onebot
