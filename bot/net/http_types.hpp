#pragma once
// Plain HTTP request/response values passed between the server and the adapters, so that adapters
// and their tests need no Beast headers.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace jiaxiao::net {

/// Orders header names ASCII case-insensitively (HTTP header names are case-insensitive).
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

/// One request as received: method ("GET"), target ("/wecom?x=1"), headers, raw body bytes.
struct Request {
  std::string method;
  std::string target;
  Headers headers;
  std::string body;
  std::string remote_address;

  /// The target's path, without the query.
  std::string_view path() const;
  /// A query parameter, percent-decoded; nullopt when absent or malformed.
  std::optional<std::string> query(std::string_view name) const;
  /// A header value; nullptr when absent.
  const std::string* header(std::string_view name) const;
};

/// One response to send.
struct Response {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

/// `base` (an `api_base` from the config, with or without a trailing '/') followed by `path` ("/x").
std::string url_under(std::string_view base, std::string_view path);

/// A plain-text response.
Response text_response(unsigned status, std::string body);

}  // namespace jiaxiao::net
