// A OneBot v11 event body whose HMAC was already accepted: JSON of any shape, array or CQ-string messages.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/adapters/onebot/event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)jiaxiao::adapters::onebot::parse_event(body);
  jiaxiao::core::IncomingMessage message;
  jiaxiao::adapters::onebot::apply_cq_string(body, "10001", message);
  (void)jiaxiao::adapters::onebot::message_id_of(body);
  return 0;
}
