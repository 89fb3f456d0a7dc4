#include "handlers/notice/ack.hpp"

#include <array>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::handlers::notice {

namespace {

// Longer words first: "好的收到" must not stop at "好的" (the rest would become the comment).
constexpr std::array<std::string_view, 15> ack_words = {"好的收到", "已收到", "收到了", "收到", "已阅", "已读", "已知晓",
                                                       "知道了", "好的", "明白", "ok", "👌", "👍", "🙏", "嗯嗯"};

/// Drops leading punctuation and spaces: "，谢谢老师" → "谢谢老师".
std::string_view skip_separators(std::string_view text) {
  static constexpr std::array<std::string_view, 12> separators = {" ", ",", ".", "!", "~", "、", "。", "，", "！", "~", "～", ":"};
  for (bool again = true; again && !text.empty();) {
    again = false;
    for (auto sep : separators) {
      if (text.substr(0, sep.size()) == sep) {
        text.remove_prefix(sep.size());
        again = true;
      }
    }
  }
  return text;
}

}  // namespace

std::optional<AckText> read_ack(std::string_view text) {
  text = core::trim(text);
  if (text.empty()) return std::nullopt;
  const std::string lower = core::ascii_lower(text.substr(0, 16));  // the longest ack word is 12 bytes
  std::size_t word_length = 0;
  for (auto word : ack_words) {
    if (std::string_view(lower).substr(0, word.size()) == word) {
      word_length = word.size();
      break;
    }
  }
  if (word_length == 0) return std::nullopt;
  if (text.back() == '?' || text.find("吗") != std::string_view::npos) return std::nullopt;  // "收到了吗？"
  AckText ack;
  ack.thread = core::find_thread_reference(text);
  std::string rest(skip_separators(text.substr(word_length)));
  if (ack.thread) {  // the #N is addressing, not comment
    rest = std::string(skip_separators(core::trim(core::without_thread_reference(rest))));
  }
  ack.comment = std::string(core::trim(rest));
  return ack;
}

}  // namespace jiaxiao::handlers::notice
