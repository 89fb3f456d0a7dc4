#pragma once
// `jiaxiao console`: a terminal chat with the bot as a member of a console group, through the same
// router, handlers and database as the server. Works with a terminal or with scripted stdin.

#include <iostream>
#include <string>

#include "bot/core/clock.hpp"
#include "config/config.hpp"

namespace jiaxiao::app {

struct ConsoleOptions {
  std::string group = "console";   // the console group's id (the class name when --class is given)
  std::string as_user;             // "PLATFORM:USER"; default console:<login name>
  bool prompt = true;              // print "> " before each line (off when stdin is not a terminal)
  bool private_chat = false;       // a private chat with the bot instead of the group (for 家访, 信箱)
};

/// Reads lines until end of input; each line (a trailing '\' joins the next) is one message; the
/// bot's replies are printed. Returns the process exit code. Throws on database open failures.
int run_console(const config::Config& config, const ConsoleOptions& options, std::istream& in, std::ostream& out,
                const core::Clock& clock);

}  // namespace jiaxiao::app
