// The time-expression parser: "明天下午3点", "12月5日 15:00", "下周三" … from any chat member.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"

using namespace jiaxiao::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  constexpr std::int64_t now = 1'795'420'800'000;  // 2026-11-23 16:00 in Shanghai
  for (const TimeUse use : {TimeUse::deadline, TimeUse::event, TimeUse::reminder}) {
    if (auto reading = read_time(raw, now, "Asia/Shanghai", use)) (void)echo_time(reading->at_ms, now, "Asia/Shanghai");
    const std::string text = normalise(raw);
    if (auto prefix = read_time_prefix(text, now, "Asia/Shanghai", use)) {
      if (prefix->consumed > text.size()) std::abort();
      (void)echo_time(prefix->reading.at_ms, now, "Asia/Shanghai");
    }
  }
  return 0;
}
