#pragma once
// Recognising a parent's acknowledgement ("收到", "好的收到", "收到谢谢老师", "👌", "ok #12") in plain chat.

#include <optional>
#include <string>
#include <string_view>

namespace jiaxiao::handlers::notice {

struct AckText {
  std::string comment;          // what followed the ack word, trimmed (kept for the teacher)
  std::optional<long long> thread;  // a #N in the text
};

/// nullopt when the normalised text is not an acknowledgement: it must begin with an ack word (收到,
/// 已收到, 收到了, 已阅, 已读, 已知晓, 知道了, 好的, 明白, ok, 👌, 👍, 🙏); a question (ending in ? or
/// containing 吗) is not one, and neither is a negation (没收到, 未收到: they do not begin with an ack word).
std::optional<AckText> read_ack(std::string_view normalised_text);

}  // namespace jiaxiao::handlers::notice
