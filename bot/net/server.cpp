// The session loop follows the shape of Boost.Beast's example/http/server/awaitable (one coroutine
// per connection) with the per-message parser and body limit of example/advanced/server.
#include "bot/net/server.hpp"
#include "bot/net/spawn.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <cstring>
#include <set>

#include "bot/core/log.hpp"

namespace jiaxiao::net {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

using Clock = std::chrono::steady_clock;

struct Session {
  explicit Session(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  bool busy = false;  // between reading a request and finishing its response
  // Waiting for the first byte of a request (a fresh or kept-alive connection), since when: at the cap
  // the longest idle connection makes room for a new one.
  bool idle = true;
  Clock::time_point idle_since = Clock::now();
  // When the current read or write must be over; the sweep closes the connection after it. None while
  // the handler works on a request (its time is the server's, not the client's).
  Clock::time_point deadline = Clock::time_point::max();
};

struct Server::State : std::enable_shared_from_this<Server::State> {
  State(asio::any_io_executor ex, ServerOptions opts, Handler h)
      : executor(ex), options(opts), handler(std::move(h)), acceptor(ex), sweep_timer(ex), accept_timer(ex) {}

  asio::any_io_executor executor;
  ServerOptions options;
  Handler handler;
  tcp::acceptor acceptor;
  std::set<Session*> sessions;
  bool stopping = false;
  bool accepting = false;
  std::function<void()> on_stopped;
  // Deadlines are kept per connection and checked by one sweep, armed while connections are open:
  // a timer per read and write would cost a timer queue entry, a cancel and a completion per request.
  asio::steady_timer sweep_timer;
  asio::steady_timer accept_timer;  // the pause after a failed accept
  int accept_failures = 0;          // in a row
  bool sweep_armed = false;

  /// How often the sweep looks: a quarter of the shortest deadline, between 10 ms and 1 s, so a
  /// deadline is enforced at most that much late.
  Clock::duration sweep_period() const {
    const auto shortest = std::min({options.read_timeout, options.write_timeout, options.idle_timeout});
    return std::clamp<Clock::duration>(shortest / 4, std::chrono::milliseconds(10), std::chrono::seconds(1));
  }

  void arm_sweep() {
    if (sweep_armed) return;
    sweep_armed = true;
    sweep_timer.expires_after(sweep_period());
    sweep_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      self->sweep_armed = false;
      if (ec) return;
      self->close_overdue();
      if (!self->sessions.empty()) self->arm_sweep();
    });
  }

  /// Closes connections past their deadline; the pending read or write ends with operation_aborted.
  void close_overdue() {
    const auto now = Clock::now();
    for (Session* session : sessions) {
      if (now < session->deadline) continue;
      session->deadline = Clock::time_point::max();
      boost::system::error_code ignored;
      session->socket.close(ignored);
    }
  }

  /// At the cap: closes the connection that has waited longest for a request, so that connections held
  /// open without a request (idle keep-alives, or a flood of silent ones) never lock out a webhook. False
  /// when every connection is working on a request.
  bool evict_longest_idle() {
    Session* oldest = nullptr;
    for (Session* session : sessions) {
      if (session->idle && (oldest == nullptr || session->idle_since < oldest->idle_since)) oldest = session;
    }
    if (oldest == nullptr) return false;
    oldest->idle = false;  // closing: not chosen twice
    oldest->deadline = Clock::time_point::max();
    boost::system::error_code ignored;
    oldest->socket.close(ignored);
    return true;
  }

  void maybe_finish_stop() {
    if (stopping && !accepting && sessions.empty() && on_stopped) {
      sweep_timer.cancel();  // nothing left to watch; the io_context need not wait for it
      auto done = std::move(on_stopped);
      on_stopped = nullptr;
      done();
    }
  }

  awaitable<void> accept_loop() {
    auto self = shared_from_this();
    accepting = true;
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(tuple_awaitable);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) break;
        // Out of file descriptors (EMFILE) or memory, the same error comes back at once: pause, 10 ms
        // doubling to 1 s, and log the first of a run only, so the server neither spins nor floods its log.
        // Logged by errno: ec.message() through Boost's system category trips UBSan's vptr check (clang 14).
        if (accept_failures++ == 0)
          core::log::warn("accept_failed", "errno", ec.value(), "error", std::strerror(ec.value()), "detail", "pausing");
        const auto pause = std::chrono::milliseconds(std::min<long long>(10LL << std::min(accept_failures - 1, 7), 1000));
        accept_timer.expires_after(pause);
        co_await accept_timer.async_wait(tuple_awaitable);
        continue;
      }
      if (accept_failures > 0) {
        core::log::info("accept_recovered", "failed_accepts", accept_failures);
        accept_failures = 0;
      }
      if (static_cast<int>(sessions.size()) >= options.max_connections && !evict_longest_idle()) {
        core::log::warn("connection_refused", "reason", "max_connections", "open", sessions.size());
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      asio::co_spawn(executor, run_session(std::make_unique<Session>(std::move(socket))), logged("session_failed"));
    }
    accepting = false;
    maybe_finish_stop();
  }

  static Request to_request(http::request<http::string_body>&& in, const std::string& remote) {
    Request out;
    out.method = std::string(in.method_string());
    out.target = std::string(in.target());
    for (const auto& field : in) {
      out.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(in.body());
    out.remote_address = remote;
    return out;
  }

  awaitable<void> write(Session& session, const Response& response, unsigned version, bool keep_alive,
                        boost::system::error_code& ec) {
    http::response<http::string_body> out{static_cast<http::status>(response.status), version};
    out.set(http::field::server, "jiaxiao");
    if (!response.body.empty() || response.status != 204) out.set(http::field::content_type, response.content_type);
    out.keep_alive(keep_alive);
    out.body() = response.body;
    out.prepare_payload();
    session.deadline = Clock::now() + options.write_timeout;
    auto [write_ec, n] = co_await http::async_write(session.socket, out, tuple_awaitable);
    session.deadline = Clock::time_point::max();
    ec = write_ec;
  }

  awaitable<void> run_session(std::unique_ptr<Session> owned) {
    auto self = shared_from_this();
    Session& session = *owned;
    sessions.insert(&session);
    arm_sweep();
    std::string remote;
    {
      boost::system::error_code ec;
      auto endpoint = session.socket.remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    beast::flat_buffer buffer;
    bool first = true;
    while (!stopping) {
      // A fresh parser per request: its body limit and header limit apply to each message.
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.body_limit);
      parser.header_limit(16 * 1024);
      if (buffer.size() == 0) {
        // Wait for the first byte: up to idle_timeout between kept-alive requests, read_timeout for
        // the first request of a connection. Until then the connection is idle (stop() closes it).
        session.deadline = Clock::now() + (first ? options.read_timeout : options.idle_timeout);
        if (!first) {
          session.idle = true;
          session.idle_since = Clock::now();
        }
        auto [idle_ec, idle_n] = co_await session.socket.async_read_some(buffer.prepare(4096), tuple_awaitable);
        session.idle = false;
        if (idle_ec) break;
        buffer.commit(idle_n);
      }
      first = false;
      session.busy = true;
      // One read and one deadline for headers and body together: a client trickling bytes cannot
      // hold the connection.
      session.deadline = Clock::now() + options.read_timeout;
      auto [read_ec, read_n] = co_await http::async_read(session.socket, buffer, parser, tuple_awaitable);
      session.deadline = Clock::time_point::max();
      if (read_ec) {
        if (read_ec != http::error::end_of_stream && read_ec != asio::error::operation_aborted &&
            read_ec != asio::error::bad_descriptor && read_ec != asio::error::connection_reset &&
            read_ec != asio::error::eof && !stopping) {
          // A Content-Length over the body limit is known from the header (413); else a malformed request.
          boost::system::error_code ignored;
          const unsigned status = read_ec == http::error::body_limit     ? 413
                                  : read_ec == http::error::header_limit ? 431
                                                                         : 400;
          co_await write(session, text_response(status, status == 413 ? "payload too large\n" : "bad request\n"),
                         parser.is_header_done() ? parser.get().version() : 11, false, ignored);
        }
        break;
      }
      auto message = parser.release();
      const bool keep_alive = message.keep_alive();
      const unsigned version = message.version();
      Request request = to_request(std::move(message), remote);
      const std::string path(request.path().substr(0, 64));
      Response response;
      try {
        response = co_await handler(std::move(request));
      } catch (const std::exception& e) {
        core::log::error("request_failed", "path", path, "error", e.what());
        response = text_response(500, "internal error\n");
      }
      boost::system::error_code write_ec;
      co_await write(session, response, version, keep_alive && !stopping, write_ec);
      session.busy = false;
      if (write_ec || !keep_alive) break;
    }
    boost::system::error_code ignored;
    session.socket.shutdown(tcp::socket::shutdown_send, ignored);
    session.socket.close(ignored);
    sessions.erase(&session);
    maybe_finish_stop();
  }
};

Server::Server(asio::any_io_executor executor, ServerOptions options, Handler handler)
    : state_(std::make_shared<State>(executor, options, std::move(handler))) {}

Server::~Server() {
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
}

std::uint16_t Server::listen(const std::string& host, std::uint16_t port) {
  tcp::endpoint endpoint(asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host), port);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(asio::socket_base::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(state_->executor, state_->accept_loop(), logged("accept_loop_failed"));
  return state_->acceptor.local_endpoint().port();
}

void Server::stop(std::function<void()> done) {
  auto& s = *state_;
  s.stopping = true;
  s.on_stopped = std::move(done);
  boost::system::error_code ignored;
  s.acceptor.close(ignored);
  s.accept_timer.cancel();
  for (Session* session : s.sessions) {
    if (!session->busy) session->socket.cancel(ignored);  // idle keep-alive: close now
  }
  s.maybe_finish_stop();
}

std::size_t Server::connections() const { return state_->sessions.size(); }

}  // namespace jiaxiao::net
