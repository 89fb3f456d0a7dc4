#include "tests/support/fake_platform.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "bot/net/server.hpp"

namespace jiaxiao::testing {

struct FakePlatform::Impl {
  boost::asio::io_context io{1};
  std::unique_ptr<net::Server> server;
  std::uint16_t port = 0;
  mutable std::mutex mutex;
  std::condition_variable arrived;
  std::vector<net::Request> requests;
  Responder responder;
  int next_id = 1000;
  std::thread thread;
};

FakePlatform::FakePlatform() : impl_(std::make_unique<Impl>()) {
  impl_->responder = [this](const net::Request&) {
    net::Response response;
    response.content_type = "application/json";
    response.body = R"({"status":"ok","retcode":0,"data":{"message_id":)" + std::to_string(impl_->next_id++) + "}}";
    return response;
  };
  impl_->server = std::make_unique<net::Server>(
      impl_->io.get_executor(), net::ServerOptions{}, [this](net::Request request) -> net::awaitable<net::Response> {
        Responder responder;
        {
          std::lock_guard lock(impl_->mutex);
          impl_->requests.push_back(request);
          responder = impl_->responder;
        }
        impl_->arrived.notify_all();
        co_return responder(request);
      });
  impl_->port = impl_->server->listen("127.0.0.1", 0);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

FakePlatform::~FakePlatform() {
  boost::asio::post(impl_->io, [this] { impl_->server->stop([this] { impl_->io.stop(); }); });
  impl_->thread.join();
}

std::string FakePlatform::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

void FakePlatform::respond_with(Responder responder) {
  std::lock_guard lock(impl_->mutex);
  impl_->responder = std::move(responder);
}

std::vector<net::Request> FakePlatform::wait_for(std::size_t count, std::chrono::milliseconds deadline) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, deadline, [&] { return impl_->requests.size() >= count; });
  return impl_->requests;
}

std::vector<net::Request> FakePlatform::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

net::ClientResponse http_call(const std::string& method, const std::string& url, const net::Headers& headers,
                              const std::string& body) {
  boost::asio::io_context io(1);
  net::HttpClient client(io.get_executor());
  auto future = boost::asio::co_spawn(io, client.request(method, url, headers, body, std::chrono::seconds(10)),
                                      boost::asio::use_future);
  io.run();
  return future.get();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace jiaxiao::testing
