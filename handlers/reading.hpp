#pragma once
// Reading the parts of a message that several features share: the #N a reply quotes, a "截止:" option,
// and students named as a teacher reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/result.hpp"
#include "bot/core/time_expr.hpp"
#include "store/database.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers {

/// The #N of the bot's message that `message` quotes: by the quoted message's id, or by the "#N" in a
/// quote the platform gives only as text (WeCom); nullopt when it quotes none of the bot's threads.
std::optional<std::int64_t> quoted_thread(store::Database& db, const core::IncomingMessage& message);

/// Whether normalised text is a bare 1 (“1”, “扣1”, “扣个1”): an ack or a ballot, SPEC §2.1 rule 5.
bool is_bare_one(std::string_view text);

/// Takes a "截止:<时间>" option out of `text` (anywhere in it), read as a deadline; nullopt inside when
/// there is none, or the reason when the time cannot be read.
core::Parsed<std::optional<core::TimeReading>> take_deadline(std::string& text, std::int64_t now_ms,
                                                             const std::string& zone);

/// Names as a teacher reads them; two students of one name in `all` carry their 学号.
std::vector<std::string> student_names(const std::vector<store::Student>& students,
                                       const std::vector<store::Student>& all);

}  // namespace jiaxiao::handlers
