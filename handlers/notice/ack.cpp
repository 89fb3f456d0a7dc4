#include "handlers/notice/ack.hpp"

#include <array>
#include <cctype>

#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "handlers/replies.hpp"

namespace jiaxiao::handlers::notice {

namespace {

// The ack words of SPEC §2.1 (lower-cased ASCII; WeChat's emoji codes as typed), longer ones first:
// "好的收到" must not stop at "好的" (the rest would become the comment).
constexpr std::array<std::string_view, 27> ack_words = {
    "好的收到", "已收到", "收到了", "收到", "收悉", "已知悉", "知悉", "已阅", "已读", "已知晓", "知道了", "好的", "好滴",
    "好嘞", "嗯嗯", "明白了", "明白", "ok", "[ok]", "[抱拳]", "[强]", "👌", "👍", "✅", "🙏", "🤝", "💪"};

/// Polite words a parent puts before the ack ("谢谢老师，收到") or after it ("收到，辛苦了"); alone, or
/// after an ack, they are no comment for the teacher to read.
constexpr std::array<std::string_view, 13> polite = {"谢谢老师提醒", "谢谢老师", "感谢老师", "多谢老师", "老师辛苦了", "老师辛苦", "辛苦老师",
                                                    "辛苦了", "谢谢", "感谢", "多谢", "老师好", "您好"};

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

/// `text` without the polite words and separators it is made of at its start ("辛苦了，谢谢老师！" → "").
std::string_view without_polite(std::string_view text) {
  for (bool again = true; again;) {
    again = false;
    text = skip_separators(text);
    for (auto word : polite) {
      if (text.starts_with(word)) {
        text.remove_prefix(word.size());
        again = true;
      }
    }
  }
  return text;
}

/// Whether a comment says anything: a letter, a digit or a Chinese character (not only emoji or marks).
bool says_something(std::string_view text) {
  for (std::size_t pos = 0, len = 0; pos < text.size(); pos += len) {
    const char32_t cp = core::decode_utf8(text, pos, len);
    if ((cp < 0x80 && std::isalnum(static_cast<unsigned char>(cp))) || (cp >= 0x3400 && cp <= 0x9FFF)) return true;
  }
  return false;
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
  for (auto opener : polite) {
    if (!text.starts_with(opener)) continue;
    const std::string_view after = skip_separators(text.substr(opener.size()));
    if (ack_word_at(after) > 0) text = after;
    break;
  }
  // A lone 嗯 (with its stop) is a nod; in a sentence ("嗯，我也觉得") it is none.
  if (text.starts_with("嗯") && !text.starts_with("嗯嗯") && skip_separators(text.substr(std::string_view("嗯").size())).empty())
    return AckText{};
  std::size_t word_length = ack_word_at(text);
  if (word_length == 0) return std::nullopt;
  // One ack word after another ("[抱拳]收到", "👍🏻 好的") is all ack.
  std::string_view after = skip_modifiers(text.substr(word_length));
  while (true) {
    const std::string_view next = skip_separators(after);
    if ((word_length = ack_word_at(next)) == 0) break;
    after = skip_modifiers(next.substr(word_length));
  }
  // A question is no ack ("收到了吗", "收到什么了？") unless it comes after the ack, apart from it:
  // "收到，请问31号几点放学？" acknowledges and asks (SPEC §2.1 rule 6).
  const bool apart = after.empty() || skip_separators(after).size() < after.size() || after.starts_with("请问") ||
                     after.starts_with("想问");
  if (asks_question(text) && !apart) return std::nullopt;
  if (after.starts_with("没") || after.starts_with("不")) return std::nullopt;  // 收到没, 明白不
  AckText ack;
  std::string rest(skip_separators(after));
  ack.thread = core::find_thread_reference(rest);
  if (ack.thread) rest = core::without_thread_reference(rest);  // the #N is addressing, not comment
  ack.comment = std::string(core::trim(skip_separators(core::trim(rest))));
  if (!says_something(without_polite(ack.comment))) ack.comment.clear();
  return ack;
}

}  // namespace jiaxiao::handlers::notice
