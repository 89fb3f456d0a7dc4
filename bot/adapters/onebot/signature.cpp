#include "bot/adapters/onebot/signature.hpp"

#include "bot/adapters/crypto.hpp"

namespace jiaxiao::adapters::onebot {

std::string sign(std::string_view secret, std::string_view body) { return "sha1=" + to_hex(hmac_sha1(secret, body)); }

bool verify(std::string_view secret, std::string_view body, std::string_view header) {
  constexpr std::string_view prefix = "sha1=";
  if (header.substr(0, prefix.size()) != prefix) return false;
  std::string received;
  if (!from_hex(header.substr(prefix.size()), received)) return false;  // decoding folds the case
  return constant_time_equal(received, hmac_sha1(secret, body));
}

}  // namespace jiaxiao::adapters::onebot
