#pragma once
// The real App (server, worker, outbox) on its own io thread for end-to-end tests; stopped gracefully
// when destroyed.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <thread>

#include "bot/app/app.hpp"

namespace jiaxiao::testing {

struct RunningApp {
  explicit RunningApp(const config::Config& config) : app(config, io, clock) {
    port = app.start();
    thread = std::thread([this] { io.run(); });
  }
  ~RunningApp() {
    boost::asio::post(io, [this] { app.stop([this] { io.stop(); }); });
    thread.join();
  }
  RunningApp(const RunningApp&) = delete;
  RunningApp& operator=(const RunningApp&) = delete;

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }

  boost::asio::io_context io{1};
  core::SystemClock clock;
  app::App app;
  std::uint16_t port = 0;
  std::thread thread;
};

}  // namespace jiaxiao::testing
