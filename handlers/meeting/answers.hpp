#pragma once
// How parents' RSVPs land on meetings (SPEC §2.1): which meetings wait for the sender's family and an
// answer per student with the family's head count.

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::meeting {

/// The reply kind of RSVPs, for Registry::add_reply_kind.
ReplyKind rsvp_reply_kind();

}  // namespace jiaxiao::handlers::meeting
