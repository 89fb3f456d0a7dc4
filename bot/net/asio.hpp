#pragma once
// The Asio names used across the project (Boost 1.81: completion tokens spelled out, DESIGN rule 2).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace jiaxiao::net {

namespace asio = boost::asio;
template <class T = void>
using awaitable = asio::awaitable<T>;

}  // namespace jiaxiao::net
