#pragma once
// The HTTP server: Beast, one coroutine per connection, keep-alive, idle, whole-request read and write
// deadlines (kept per connection, enforced by one sweep timer), a fresh parser with a body limit per
// request (413), a connection cap, graceful stop. Policy (which path does what) is the Handler's; this
// file knows only HTTP.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bot/net/asio.hpp"
#include "bot/net/http_types.hpp"

namespace jiaxiao::net {

struct ServerOptions {
  std::size_t body_limit = 256 * 1024;
  std::chrono::milliseconds read_timeout{15000};   // headers and body of one request, together
  std::chrono::milliseconds write_timeout{15000};  // one response
  std::chrono::milliseconds idle_timeout{60000};   // keep-alive wait for the next request
  int max_connections = 512;
};

/// Answers every request with the handler's response; a handler exception becomes 500.
/// Thread: all calls and the handler run on `executor`, which must be single-threaded.
class Server {
 public:
  using Handler = std::function<awaitable<Response>(Request)>;

  Server(asio::any_io_executor executor, ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts accepting; returns the bound port (port 0 picks a free one).
  /// Throws boost::system::system_error when the address cannot be bound.
  std::uint16_t listen(const std::string& host, std::uint16_t port);
  /// Stops accepting; idle connections close now, busy ones after their response. `done` runs once
  /// no connection is left (at once when none is open).
  void stop(std::function<void()> done);
  /// Connections open now.
  std::size_t connections() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace jiaxiao::net
