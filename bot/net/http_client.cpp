#include "bot/net/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace jiaxiao::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

struct HttpClient::Impl {
  explicit Impl(asio::any_io_executor ex) : executor(ex), tls(ssl::context::tls_client) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
  }
  asio::any_io_executor executor;
  ssl::context tls;
};

HttpClient::HttpClient(asio::any_io_executor executor) : impl_(std::make_unique<Impl>(executor)) {}
HttpClient::~HttpClient() = default;

namespace {

http::request<http::string_body> make_request(const std::string& method, const std::string& host_header,
                                              const std::string& target, const Headers& headers,
                                              std::string body) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target.empty() ? "/" : target);
  req.version(11);
  req.set(http::field::host, host_header);
  req.set(http::field::user_agent, "jiaxiao/0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.keep_alive(false);
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

template <class Stream>
awaitable<ClientResponse> exchange(Stream& stream, http::request<http::string_body>& req) {
  ClientResponse out;
  auto [write_ec, written] = co_await http::async_write(stream, req, tuple_awaitable);
  if (write_ec) {
    out.error = write_ec;
    co_return out;
  }
  out.request_sent = true;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(8 * 1024 * 1024);
  auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
  if (read_ec) {
    out.error = read_ec;
    co_return out;
  }
  out.status = parser.get().result_int();
  out.body = std::move(parser.get().body());
  co_return out;
}

}  // namespace

awaitable<ClientResponse> HttpClient::request(std::string method, std::string url, Headers headers,
                                              std::string body, std::chrono::milliseconds timeout) {
  ClientResponse failed;
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty()) {
    failed.error = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    co_return failed;
  }
  const bool https = parsed->scheme() == "https";
  const std::string host = parsed->encoded_host().decode();
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : (https ? "443" : "80");
  std::string target = std::string(parsed->encoded_path());
  if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());
  const std::string host_header = parsed->has_port() ? host + ":" + port : host;

  tcp::resolver resolver(impl_->executor);
  auto [resolve_ec, endpoints] = co_await resolver.async_resolve(host, port, tuple_awaitable);
  if (resolve_ec) {
    failed.error = resolve_ec;
    co_return failed;
  }
  auto req = make_request(method, host_header, target, headers, std::move(body));

  if (!https) {
    beast::tcp_stream stream(impl_->executor);
    stream.expires_after(timeout);
    auto [connect_ec, endpoint] = co_await stream.async_connect(endpoints, tuple_awaitable);
    if (connect_ec) {
      failed.error = connect_ec;
      co_return failed;
    }
    auto out = co_await exchange(stream, req);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return out;
  }

  beast::ssl_stream<beast::tcp_stream> stream(impl_->executor, impl_->tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
    failed.error = boost::system::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    co_return failed;
  }
  stream.set_verify_callback(ssl::host_name_verification(host));
  beast::get_lowest_layer(stream).expires_after(timeout);
  auto [connect_ec, endpoint] = co_await beast::get_lowest_layer(stream).async_connect(endpoints, tuple_awaitable);
  if (connect_ec) {
    failed.error = connect_ec;
    co_return failed;
  }
  auto [handshake_ec] = co_await stream.async_handshake(ssl::stream_base::client, tuple_awaitable);
  if (handshake_ec) {
    failed.error = handshake_ec;
    co_return failed;
  }
  auto out = co_await exchange(stream, req);
  auto [shutdown_ec] = co_await stream.async_shutdown(tuple_awaitable);  // a truncated close is common; ignored
  (void)shutdown_ec;
  co_return out;
}

}  // namespace jiaxiao::net
