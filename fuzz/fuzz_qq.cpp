// A QQ official bot callback body whose Ed25519 signature was already accepted.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/adapters/qq/event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)jiaxiao::adapters::qq::parse_callback(body, 1'795'420'800'000);
  (void)jiaxiao::adapters::qq::strip_bot_mentions(body);
  return 0;
}
