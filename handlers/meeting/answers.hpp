#pragma once
// How parents' RSVPs land on meetings (SPEC §2.1): which meetings wait for the sender's family and an
// answer per student with the family's head count.

#include <string>

#include "handlers/registry.hpp"
#include "store/meetings.hpp"

namespace jiaxiao::handlers::meeting {

/// How every message names a meeting: "#5 家长会".
std::string ref(const store::MeetingRow& meeting);

/// The reply kind of RSVPs, for Registry::add_reply_kind.
ReplyKind rsvp_reply_kind();

}  // namespace jiaxiao::handlers::meeting
