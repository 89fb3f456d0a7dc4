#pragma once
// A platform API stand-in for end-to-end tests: an HTTP server on 127.0.0.1, port 0, in its own thread,
// recording every request and answering with what the test says. Plus a blocking HTTP call helper.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/net/http_client.hpp"
#include "bot/net/http_types.hpp"

namespace jiaxiao::testing {

class FakePlatform {
 public:
  using Responder = std::function<net::Response(const net::Request&)>;

  /// Listens on 127.0.0.1 with a port the kernel picks. Default answer: OneBot success with a message id.
  FakePlatform();
  ~FakePlatform();

  /// "http://127.0.0.1:<port>"
  std::string base_url() const;
  void respond_with(Responder responder);
  /// Waits until at least `count` requests arrived or `deadline` passed; returns all requests so far.
  std::vector<net::Request> wait_for(std::size_t count, std::chrono::milliseconds deadline = std::chrono::seconds(10));
  std::vector<net::Request> requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One blocking HTTP exchange (its own io_context); for tests only.
net::ClientResponse http_call(const std::string& method, const std::string& url, const net::Headers& headers = {},
                              const std::string& body = {});

/// Polls `condition` until it holds or `deadline` passes; returns its last value. No fixed sleeps:
/// it re-checks every few milliseconds and gives up only at the deadline.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds deadline = std::chrono::seconds(10));

}  // namespace jiaxiao::testing
