#pragma once
// Runs the built `jiaxiao` binary with arguments and captures its standard output and exit code.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace jiaxiao::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
};

/// Arguments are single-quoted for the shell; stderr is discarded unless `with_stderr`.
inline CliResult run_jiaxiao(const std::vector<std::string>& args, bool with_stderr = false) {
  std::string command = JIAXIAO_BINARY;
  for (const auto& arg : args) {
    std::string quoted = "'";
    for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    command += " " + quoted + "'";
  }
  command += with_stderr ? " 2>&1" : " 2>/dev/null";
  CliResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace jiaxiao::testing
