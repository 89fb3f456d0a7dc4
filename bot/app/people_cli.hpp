#pragma once
// `jiaxiao class …`, `jiaxiao role …`, `jiaxiao roster …` (SPEC §5).

#include "bot/app/arguments.hpp"
#include "config/config.hpp"

namespace jiaxiao::app {

/// `class add NAME | link NAME PLATFORM:GROUP [--webhook-key KEY] | list`; returns the exit code.
int class_command(const Arguments& args, const config::Config& config);
/// `role grant|revoke PLATFORM:USER ROLE [--class C] [--title T] | list [--class C]`.
int role_command(const Arguments& args, const config::Config& config);
/// `roster import FILE.csv --class C | list --class C`.
int roster_command(const Arguments& args, const config::Config& config);

}  // namespace jiaxiao::app
