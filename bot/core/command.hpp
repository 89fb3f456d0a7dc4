#pragma once
// Parsing of "/命令 参数" from normalised chat text.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiaxiao::core {

/// A command as typed: `name` without the slash, `args` the rest (trimmed, newlines kept),
/// `argv` the args split on white space with "double quoted" words kept together.
struct ParsedCommand {
  std::string name;
  std::string args;
  std::vector<std::string> argv;
  std::string raw_args;  // the arguments as typed (not normalised): for prose such as a letter's body
};

/// The arguments of a command as typed: the raw text after its first word, line ends as LF, trimmed.
/// Normalisation keeps the number of lines, so line i of this is line i of ParsedCommand::args.
std::string raw_arguments(std::string_view raw_text);

/// Parses normalised text (see normalise()) that begins with '/'; nullopt when it is not a command
/// ("/" alone, or text not starting with '/'). Never throws.
std::optional<ParsedCommand> parse_command(std::string_view normalised_text);

/// Splits on ASCII white space; "double quoted" groups become one word (quotes removed).
std::vector<std::string> split_args(std::string_view args);

/// The `#N` reference in a text (the first one), e.g. "收到 #12" → 12; nullopt when absent.
std::optional<long long> find_thread_reference(std::string_view normalised_text);
/// `text` without the reference find_thread_reference reads ("#07" as written, zeros and all).
std::string without_thread_reference(std::string_view text);

}  // namespace jiaxiao::core
