#pragma once
// `jiaxiao outbox list [--failed|--pending]` and `jiaxiao outbox retry ID|--failed` (SPEC §3, §5): what
// did not go out, and sending it again once the platform is back.

#include "bot/app/arguments.hpp"
#include "config/config.hpp"

namespace jiaxiao::app {

/// Runs `outbox list|retry`; returns the exit code (0, 1 when nothing matched, 2 on wrong use).
int outbox_command(const Arguments& args, const config::Config& config);

}  // namespace jiaxiao::app
