#pragma once
// OneBot v11 HTTP-POST signature: `X-Signature: sha1=<hex HMAC-SHA1(secret, raw body)>`
// (OneBot v11 communication/http-post.md; shared/PROTOCOLS.md §3.1, vector §3.5).

#include <string>
#include <string_view>

#include "bot/adapters/crypto.hpp"

namespace jiaxiao::adapters::onebot {

/// "sha1=<lower-case hex>" for the body under the secret.
std::string sign(std::string_view secret, std::string_view body);

/// True when `header` is "sha1=<hex>" of the body under the secret. The hex is compared
/// case-insensitively (Lagrange sends upper case, NapCat lower) and in constant time.
bool verify(std::string_view secret, std::string_view body, std::string_view header);
/// The same under a secret keyed once (what the adapter does for every event).
bool verify(HmacSha1& secret, std::string_view body, std::string_view header);

}  // namespace jiaxiao::adapters::onebot
