#pragma once
// Command-line words and --options, shared by the subcommands.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jiaxiao::app {

/// Positional words and --options (`--name value` or `--name=value`) in any order.
struct Arguments {
  std::vector<std::string> words;
  std::map<std::string, std::string> options;
  std::string error;  // set when the command line itself is wrong

  std::optional<std::string> option(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::nullopt : std::optional(it->second);
  }
  /// words[i], or "" when there are fewer words.
  std::string word(std::size_t i) const { return i < words.size() ? words[i] : std::string(); }
};

/// Parses argv; unknown options are an error.
Arguments parse_arguments(int argc, char** argv);

/// Prints the reason and the usage to stderr; returns 2 (wrong use).
int wrong_use(const std::string& reason);

}  // namespace jiaxiao::app
