#pragma once
// The roster as text, the same for /名单 in a group and `jiaxiao roster list` on the command line.

#include <string>

#include "store/classes.hpp"
#include "store/database.hpp"

namespace jiaxiao::handlers::roster {

/// Heading with counts, one line per student with 学号 and guardians, then the students nobody is
/// bound to. Names of guardians are their latest display names.
std::string roster_text(store::Database& db, const store::ClassRow& klass);

}  // namespace jiaxiao::handlers::roster
