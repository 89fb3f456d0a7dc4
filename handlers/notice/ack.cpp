#include "handlers/notice/ack.hpp"

#include <array>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"

namespace jiaxiao::handlers::notice {

namespace {

// The ack words of SPEC §2.1 (lower-cased ASCII; WeChat's emoji codes as typed), longer ones first:
// "好的收到" must not stop at "好的" (the rest would become the comment).
constexpr std::array<std::string_view, 27> ack_words = {
    "好的收到", "已收到", "收到了", "收到", "收悉", "已知悉", "知悉", "已阅", "已读", "已知晓", "知道了", "好的", "好滴",
    "好嘞", "嗯嗯", "明白了", "明白", "ok", "[ok]", "[抱拳]", "[强]", "👌", "👍", "✅", "🙏", "🤝", "💪"};

/// Polite words a parent puts before the ack ("谢谢老师，收到"); alone they are no ack.
constexpr std::array<std::string_view, 7> openers = {"谢谢老师", "感谢老师", "老师辛苦了", "老师辛苦", "辛苦了", "谢谢", "老师好"};

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

/// Drops emoji modifiers after an emoji: skin tones (U+1F3FB–U+1F3FF) and the variation selector U+FE0F,
/// so that "👍🏻" leaves no "🏻" behind as a comment.
std::string_view skip_modifiers(std::string_view text) {
  while (!text.empty()) {
    std::size_t length = 0;
    const char32_t cp = core::decode_utf8(text, 0, length);
    if (!((cp >= 0x1F3FB && cp <= 0x1F3FF) || cp == 0xFE0F)) break;
    text.remove_prefix(length);
  }
  return text;
}

/// The length of the ack word `text` starts with (compared lower-cased), 0 when none.
std::size_t ack_word_at(std::string_view text) {
  const std::string lower = core::ascii_lower(text.substr(0, 16));  // the longest ack word is 12 bytes
  for (auto word : ack_words) {
    if (std::string_view(lower).substr(0, word.size()) == word) return word.size();
  }
  return 0;
}

}  // namespace

std::optional<AckText> read_ack(std::string_view text) {
  text = core::trim(text);
  if (text.empty()) return std::nullopt;
  for (auto opener : openers) {
    if (!text.starts_with(opener)) continue;
    const std::string_view after = skip_separators(text.substr(opener.size()));
    if (ack_word_at(after) > 0) text = after;
    break;
  }
  std::size_t word_length = ack_word_at(text);
  if (word_length == 0) return std::nullopt;
  if (text.back() == '?' || text.find("吗") != std::string_view::npos) return std::nullopt;  // "收到了吗？"
  AckText ack;
  ack.thread = core::find_thread_reference(text);
  // One ack word after another ("[抱拳]收到", "👍🏻 好的") is all ack, no comment.
  std::string_view after = skip_separators(skip_modifiers(text.substr(word_length)));
  while ((word_length = ack_word_at(after)) > 0) after = skip_separators(skip_modifiers(after.substr(word_length)));
  std::string rest(after);
  if (ack.thread) {  // the #N is addressing, not comment
    rest = std::string(skip_separators(core::trim(core::without_thread_reference(rest))));
  }
  ack.comment = std::string(core::trim(rest));
  return ack;
}

}  // namespace jiaxiao::handlers::notice
