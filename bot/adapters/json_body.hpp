#pragma once
// Reading a platform's JSON body the way SPEC §4 asks: a lone UTF-16 surrogate escape (a client that cut
// a nickname inside an emoji) is read as U+FFFD instead of refusing the whole message.

#include <nlohmann/json.hpp>
#include <string_view>

#include "bot/core/text.hpp"

namespace jiaxiao::adapters {

/// The parsed body, or a discarded value when it is not JSON even with lone surrogates repaired.
inline nlohmann::json parse_body(std::string_view body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_discarded()) return doc;
  if (const auto repaired = core::without_lone_surrogates(body)) return nlohmann::json::parse(*repaired, nullptr, false);
  return doc;
}

}  // namespace jiaxiao::adapters
