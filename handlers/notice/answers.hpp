#pragma once
// How parents' replies land on letters (SPEC §2.1): which letters wait for the sender's family, an
// acknowledgement per student (late ones kept and marked), and 家长提问 passed to the letter's teacher.

#include <string>

#include "handlers/registry.hpp"
#include "store/notices.hpp"

namespace jiaxiao::handlers::notice {

/// How every message names a letter: "#3《寒假安全》".
std::string ref(const store::NoticeRow& notice);

/// The reply kind of acknowledgements, for Registry::add_reply_kind.
ReplyKind ack_reply_kind();

}  // namespace jiaxiao::handlers::notice
