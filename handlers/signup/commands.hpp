#pragma once
// 接龙: sign-up lists; "+1 备注" or "接龙 备注" joins, "-1" leaves; the bot posts the numbered list after
// changes at most once a minute per list, and at the deadline; 上限 closes it when full (docs/polls.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::signup {

/// What a reply to a sign-up says: join (with a note) or leave.
struct SignupReply {
  bool join = true;
  std::string note;                  // "+1 布置教室" → "布置教室"
  std::vector<std::string> numbered; // a pasted list: the text of each numbered line, in order
};

/// nullopt unless normalised text is a sign-up reply: "+1 [备注]", "接龙 [备注]", "-1", or a pasted
/// list (a line with 接龙 or the list's heading, then numbered lines "1. 张小明妈妈").
std::optional<SignupReply> read_signup(std::string_view normalised_text);

/// The line of a pasted list that is new: the last numbered line that matches no entry of the list
/// ("label note" as the bot shows it); nullopt when every line is already there.
std::optional<std::string> new_pasted_line(const std::vector<std::string>& numbered, const std::vector<std::string>& shown);

/// Registers /接龙, the sign-up reply kind, the reminder kinds and the cancel hook.
void register_commands(Registry& registry);

}  // namespace jiaxiao::handlers::signup
