// Text normalisation and command parsing: every chat message goes through these before any rule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"

using namespace jiaxiao::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const std::string text = normalise(raw);
  if (normalise(text) != text) std::abort();  // normalising twice changes nothing
  (void)utf8_length(text);
  (void)find_thread_reference(text);
  (void)raw_arguments(raw);
  if (auto command = parse_command(text)) {
    (void)split_args(command->args);
    if (command->name.empty()) std::abort();
  }
  // Splitting for a platform's limit: no part over the limit, nothing lost but the cut line ends.
  for (const std::size_t limit : {std::size_t{8}, std::size_t{64}, std::size_t{2048}}) {
    std::size_t total = 0;
    for (const auto& part : split_text(text, limit)) {
      if (part.size() > limit) std::abort();
      total += part.size();
    }
    if (total > text.size()) std::abort();
  }
  if (size < 64) (void)edit_distance(text, "收到");
  return 0;
}
