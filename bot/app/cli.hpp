#pragma once
// The command line of SPEC §5.

namespace jiaxiao::app {

/// Runs `jiaxiao <subcommand> …`; returns the exit code (0 ok, 1 failed, 2 wrong use).
int run_cli(int argc, char** argv);

}  // namespace jiaxiao::app
