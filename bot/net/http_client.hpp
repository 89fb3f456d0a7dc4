#pragma once
// A small HTTP/1.1 client (Beast + OpenSSL) for the platforms' APIs: one request per connection,
// http:// or https:// (certificate and host name verified), a deadline over the whole exchange.
// Every platform's api_base is configurable, so tests point it at local fakes.

#include <chrono>
#include <memory>
#include <string>

#include <boost/system/error_code.hpp>

#include "bot/net/asio.hpp"
#include "bot/net/http_types.hpp"

namespace jiaxiao::net {

/// The outcome of one exchange: `error` set on network failure or timeout (then status is 0).
struct ClientResponse {
  boost::system::error_code error;
  unsigned status = 0;
  std::string body;
  /// The whole request was written before the exchange failed: the platform may have acted on it.
  bool request_sent = false;
};

/// Sends requests; expected I/O failures are reported in ClientResponse::error, never thrown.
/// Thread: use from coroutines on its executor.
class HttpClient {
 public:
  explicit HttpClient(asio::any_io_executor executor);
  ~HttpClient();

  /// One request to `url`; `headers` are added to Host, User-Agent and Content-Length.
  awaitable<ClientResponse> request(std::string method, std::string url, Headers headers, std::string body,
                                    std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiaxiao::net
