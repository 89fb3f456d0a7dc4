#pragma once
// How a message that is not a command is read (SPEC §2.1 "How a reply is read"): the one place of the
// reading order. Features say what their words are and how they answer an item (ReplyKind in the
// registry); this file decides which item a reply lands on, and who is told what.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "handlers/registry.hpp"

namespace jiaxiao::handlers {

/// Reads a bare reply by the rules of SPEC §2.1 and answers it through the kind it is of: an explicit
/// #N, a quote, the words, the open items of that kind (one: that one; several letters: all; several
/// meetings or polls: one question listing them), the bare-1 rule, an ack with a question, late answers,
/// and a hint where nothing counted. A message of no kind gets answer_unclaimed().
void answer_reply(Context& ctx);

/// A command that names its kind (/收到, /参加): `words` answer item #number of that kind, or (none
/// given) the open items of that kind by rule 4; a private chat gets what came of it.
void answer_reply_as(Context& ctx, ReplyOrder order, std::optional<std::int64_t> number, std::string_view words);

/// The classes where the sender's reply counts: a group's own class; in a private chat, every class of
/// the sender's students, and with `roles` also the classes where the sender holds a role (a sign-up
/// takes teachers and committee members too).
std::vector<std::int64_t> classes_in_scope(Context& ctx, bool roles);

/// How long after an item closed a reply naming none may still have meant it (SPEC §2.1 rule 8): a late
/// 收到 is kept, a late ballot or join is answered with why it does not count.
inline constexpr std::int64_t late_window_ms = 7LL * 24 * 3600 * 1000;

/// Whether normalised text asks something: a question mark, 吗, or 请问 (“收到，请问31号几点放学”).
bool asks_question(std::string_view text);

}  // namespace jiaxiao::handlers
