#pragma once
// Binding is verified (SPEC §1.1): a /绑定 becomes a request a teacher of the class decides with /同意 or
// /拒绝 (`roster.binding: approve`, the default), or binds at once (`open`); every binding that takes
// effect is told privately to the student's other guardians and to the class's teachers.

#include <string>

#include "handlers/registry.hpp"
#include "store/classes.hpp"
#include "store/roster.hpp"

namespace jiaxiao::handlers::roster {

/// The sender's /绑定 of `student` as `relation`, after the student was found: a request, or the binding.
void bind_or_request(Context& ctx, const store::ClassRow& klass, const store::Student& student, const std::string& relation);

/// The lines /名单 adds for the class's pending requests ("" when none).
std::string pending_requests_text(store::Database& db, std::int64_t class_id);

/// Registers /同意 and /拒绝.
void register_decisions(Registry& registry);

}  // namespace jiaxiao::handlers::roster
