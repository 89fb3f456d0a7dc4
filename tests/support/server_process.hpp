#pragma once
// The real `jiaxiao serve` binary as a child process, for tests that kill it or limit it.

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdint>
#include <fstream>
#include <optional>
#include <regex>
#include <string>

#include "tests/support/fake_platform.hpp"

namespace jiaxiao::testing {

/// `jiaxiao serve --config FILE` as a child process; stderr goes to a file we read for the port.
class ServerProcess {
 public:
  /// `open_files`: when given, the child's limit on open files (soft and hard), as `ulimit -n` would set.
  ServerProcess(const std::string& config_path, const std::string& log_path, std::optional<rlim_t> open_files = {})
      : log_path_(log_path) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen(log_path.c_str(), "a", stderr);
      if (open_files) {
        const rlimit limit{*open_files, *open_files};
        ::setrlimit(RLIMIT_NOFILE, &limit);
      }
      ::execl(JIAXIAO_BINARY, "jiaxiao", "serve", "--config", config_path.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  /// The port from the latest "event=listening … port=N" line; 0 when it did not start in time.
  std::uint16_t wait_for_port() {
    std::uint16_t port = 0;
    eventually([&] {
      std::ifstream log(log_path_);
      std::string line;
      static const std::regex listening("event=listening .*port=([0-9]+)");
      std::smatch match;
      while (std::getline(log, line)) {
        if (std::regex_search(line, match, listening)) port = static_cast<std::uint16_t>(std::stoi(match[1]));
      }
      return port != 0;
    });
    return port;
  }
  /// Sends a signal and waits for the exit; returns the exit status (or 128 + signal).
  int signal_and_wait(int signal) {
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace jiaxiao::testing
