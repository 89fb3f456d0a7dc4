// The server against hostile or careless clients over loopback: a flood of forged signatures from one
// address, a client that trickles its request, silent and idle connections, more connections than
// allowed; and /metrics latency.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <thread>

#include "bot/adapters/onebot/config.hpp"
#include "store/database.hpp"
#include "tests/support/fake_platform.hpp"
#include "tests/support/onebot_events.hpp"
#include "tests/support/running_app.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao {
namespace {

constexpr const char* secret = "hardening-secret";
using tcp = boost::asio::ip::tcp;

struct Hardening : ::testing::Test {
  testing::TempDir dir;
  testing::FakePlatform onebot_api;
  config::Config config;
  boost::asio::io_context client_io;

  Hardening() {
    config.listen_port = 0;
    config.database = dir.file("j.db");
    adapters::onebot::settings(config).secret = secret;
    adapters::onebot::settings(config).api_base = onebot_api.base_url();
  }
  std::int64_t count(const std::string& sql) {
    store::Database db(config.database, false);
    return db.sql().execAndGet(sql).getInt64();
  }
  /// A signed (or, with `key`, forged) event POSTed as if through the local nginx for `client`.
  unsigned post_from(const testing::RunningApp& app, const std::string& client, const std::string& body,
                     const std::string& key = secret) {
    auto headers = testing::onebot_headers(key, body);
    headers["X-Real-IP"] = client;
    return testing::http_call("POST", app.url("/onebot"), headers, body).status;
  }
  /// A raw connection to the server.
  tcp::socket connect(const testing::RunningApp& app) {
    tcp::socket socket(client_io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), app.port});
    return socket;
  }
  /// Sends `GET /healthz` on a kept-alive connection; true when "ok" came back.
  static bool health_check_answered(tcp::socket& socket) {
    boost::asio::write(socket, boost::asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::string answer;
    boost::system::error_code ec;
    boost::asio::read_until(socket, boost::asio::dynamic_buffer(answer), "ok\n", ec);
    return !ec && answer.rfind("HTTP/1.1 200", 0) == 0;
  }
  /// True when the server has closed `socket` (a read ends with EOF or reset) within `deadline`.
  static bool closed_by_server(tcp::socket& socket, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    socket.non_blocking(true);
    char byte;
    while (std::chrono::steady_clock::now() < until) {
      boost::system::error_code ec;
      socket.read_some(boost::asio::buffer(&byte, 1), ec);
      if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) return true;
      if (!ec) continue;  // an error answer (400/408) before the close: read on
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};

}  // namespace

TEST_F(Hardening, AnAddressSendingForgedSignaturesIsAnswered429ButGoodSignaturesAlwaysPass) {
  config.server.failed_signatures_per_minute = 3;
  testing::RunningApp app(config);
  const std::string forged = testing::onebot_group_event(1, "收到");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post_from(app, "203.0.113.9", forged, "wrong-key"), 401u);
  EXPECT_EQ(post_from(app, "203.0.113.9", forged, "wrong-key"), 429u);
  // A correctly signed event from that very address is never refused: the limit comes after the check.
  EXPECT_EQ(post_from(app, "203.0.113.9", testing::onebot_group_event(2, "收到")), 204u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 1);
  // Another client behind the same proxy is not affected.
  EXPECT_EQ(post_from(app, "198.51.100.7", testing::onebot_group_event(3, "收到")), 204u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 2);
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("jiaxiao_limited_requests_total 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("jiaxiao_signature_failures_total 4\n"), std::string::npos);
  EXPECT_NE(metrics.find("jiaxiao_requests_total{platform=\"onebot\",status=\"429\"} 1\n"), std::string::npos);
}

TEST_F(Hardening, AProxyThatSendsNoClientAddressCannotLetForgeriesLockOutGoodCallbacks) {
  // Everyone shares the proxy's 127.0.0.1; twenty forgeries a minute from anywhere must not turn the
  // platforms' valid callbacks into 429.
  config.server.failed_signatures_per_minute = 3;
  testing::RunningApp app(config);
  const std::string forged = testing::onebot_group_event(1, "收到");
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), testing::onebot_headers("wrong-key", forged), forged).status,
              i < 3 ? 401u : 429u);
  }
  for (int i = 0; i < 5; ++i) {
    const std::string good = testing::onebot_group_event(100 + i, "收到");
    EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), testing::onebot_headers(secret, good), good).status, 204u);
  }
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 5);
}

TEST_F(Hardening, WithoutASecretAnUnsignedEventThroughTheProxyIs401AndStoresNothing) {
  // Issue 21: with no OneBot secret the listen address was checked, never the peer: an unsigned POST as
  // the admin through the shipped nginx site (X-Real-IP set) got 204 and posted the roster.
  adapters::onebot::settings(config).secret.clear();
  testing::RunningApp app(config);
  const std::string body = testing::onebot_group_event(1, "/名单", 1'715'000'000, 10001);
  net::Headers proxied{{"Content-Type", "application/json"}, {"X-Real-IP", "198.51.100.7"}};
  EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), proxied, body).status, 401u);
  net::Headers forwarded{{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.7"}};
  EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), forwarded, body).status, 401u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
  // NapCat on the same machine, posting directly: heard.
  EXPECT_EQ(testing::http_call("POST", app.url("/onebot"), {{"Content-Type", "application/json"}}, body).status, 204u);
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE direction = 'in'"), 1);
}

TEST_F(Hardening, EveryWebhookIsCountedInTheLatencyHistogram) {
  testing::RunningApp app(config);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(post_from(app, "127.0.0.1", testing::onebot_group_event(10 + i, "收到")), 204u);
  const auto metrics = testing::http_call("GET", app.url("/metrics")).body;
  EXPECT_NE(metrics.find("# TYPE jiaxiao_request_duration_seconds histogram\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("jiaxiao_request_duration_seconds_bucket{platform=\"onebot\",le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(metrics.find("jiaxiao_request_duration_seconds_count{platform=\"onebot\"} 4\n"), std::string::npos);
}

TEST_F(Hardening, AClientTricklingItsRequestIsCutOffAtTheReadDeadline) {
  config.server.read_timeout = std::chrono::milliseconds(400);
  testing::RunningApp app(config);
  auto socket = connect(app);
  // A first request on the connection, then the next one trickles in while the connection is kept
  // alive (idle_timeout stays 60 s): one header byte every 100 ms, each read making progress; only
  // the whole-request deadline, counted from the request's first byte, ends it.
  ASSERT_TRUE(health_check_answered(socket));
  boost::asio::write(socket, boost::asio::buffer(std::string("POST /onebot HTTP/1.1\r\nHost: x\r\n")));
  bool closed = false;
  for (int i = 0; i < 60 && !closed; ++i) {
    boost::system::error_code ec;
    boost::asio::write(socket, boost::asio::buffer(std::string("X")), ec);
    closed = ec.failed() || closed_by_server(socket, std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(closed) << "a client sending one byte every 100 ms kept its connection for 6 s";
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
}

TEST_F(Hardening, ASilentConnectionIsClosedAtTheReadDeadlineAndAnIdleOneAtTheIdleDeadline) {
  config.server.read_timeout = std::chrono::milliseconds(300);
  config.server.idle_timeout = std::chrono::milliseconds(600);
  testing::RunningApp app(config);
  // Connected, never a byte: the first request's read deadline ends it (the sweep looks every 75 ms).
  auto silent = connect(app);
  EXPECT_FALSE(closed_by_server(silent, std::chrono::milliseconds(150)));
  EXPECT_TRUE(closed_by_server(silent, std::chrono::seconds(3)));
  // Kept alive after an answer: open well past the read deadline, closed after the idle one.
  auto idle = connect(app);
  ASSERT_TRUE(health_check_answered(idle));
  EXPECT_FALSE(closed_by_server(idle, std::chrono::milliseconds(400)));
  EXPECT_TRUE(closed_by_server(idle, std::chrono::seconds(3)));
  // And the server goes on serving.
  auto next = connect(app);
  EXPECT_TRUE(health_check_answered(next));
}

TEST_F(Hardening, IdleConnectionsAtTheCapMakeRoomForAWebhook) {
  // Issue 21: connections held open without a request (reopened every 15 s) locked out every webhook.
  config.server.max_connections = 3;
  testing::RunningApp app(config);
  auto kept_alive = connect(app);
  ASSERT_TRUE(health_check_answered(kept_alive));  // idle since its answer: the longest idle
  auto silent1 = connect(app);
  auto silent2 = connect(app);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // all three accepted and waiting
  EXPECT_EQ(post_from(app, "127.0.0.1", testing::onebot_group_event(20, "收到")), 204u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 1);
  EXPECT_TRUE(closed_by_server(kept_alive, std::chrono::seconds(2)));  // it made room
  // Once more: the next longest idle one goes, and the webhook is answered again.
  EXPECT_EQ(post_from(app, "127.0.0.1", testing::onebot_group_event(21, "收到")), 204u);
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 2);
}

TEST_F(Hardening, ConnectionsBeyondTheCapAreClosedOnlyWhenEveryOneIsBusy) {
  config.server.max_connections = 2;
  config.server.read_timeout = std::chrono::seconds(5);
  testing::RunningApp app(config);
  // Two connections in the middle of a request (headers begun, not finished): busy, not idle.
  auto first = connect(app);
  auto second = connect(app);
  for (auto* busy : {&first, &second})
    boost::asio::write(*busy, boost::asio::buffer(std::string("POST /onebot HTTP/1.1\r\nHost: x\r\n")));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto third = connect(app);
  EXPECT_TRUE(closed_by_server(third, std::chrono::seconds(5)));
  EXPECT_FALSE(closed_by_server(first, std::chrono::milliseconds(50)));
  first.close();
  second.close();
  EXPECT_TRUE(testing::eventually(
      [&] { return post_from(app, "127.0.0.1", testing::onebot_group_event(20, "收到")) == 204u; }));
}

}  // namespace jiaxiao
