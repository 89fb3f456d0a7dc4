#pragma once
// The schema as an append-only list of migrations; migration N sets PRAGMA user_version = N.

#include <string_view>
#include <vector>

namespace jiaxiao::store {

/// Every migration in order; never edit one that has shipped, append a new one.
const std::vector<std::string_view>& migrations();

}  // namespace jiaxiao::store
