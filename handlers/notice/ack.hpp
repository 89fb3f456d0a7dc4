#pragma once
// Recognising a parent's acknowledgement ("收到", "好的收到", "谢谢老师，收到", "👌", "ok #12") in plain chat.

#include <optional>
#include <string>
#include <string_view>

namespace jiaxiao::handlers::notice {

struct AckText {
  std::string comment;          // what followed the ack word, trimmed (kept for the teacher)
  std::optional<long long> thread;  // a #N in the text
};

/// nullopt when the normalised text is not an acknowledgement: it must begin with an ack word of SPEC
/// §2.1 (收到, 已阅, 好的, [OK], 👌…), perhaps after a polite opener (谢谢老师，收到). A question is not one
/// ("收到了吗", "收到什么了？") unless it stands apart after the ack ("收到，请问几点放学？": an ack, its
/// question left in `comment`); a negation is not one (没收到, 收到没). Polite words alone are no comment.
std::optional<AckText> read_ack(std::string_view normalised_text);

}  // namespace jiaxiao::handlers::notice
