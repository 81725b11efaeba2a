// Behind a trusted reverse proxy (--trusted-proxy; issue 17: a cluster behind HAProxy with `option
// forwardfor`), through real sockets on loopback. 127.0.5.1 plays HAProxy: every client reaches the server
// from that one address, and the last X-Forwarded-For entry names who it is. Per-address limits must count
// those clients, not the proxy (else the first few fill the proxy's cap and everyone shares one join
// allowance), and nobody else may name an address for themselves (the spoofing attack). Forwarded addresses
// are documentation ranges of different /24s (198.51.100.x, 203.0.113.x, 192.0.2.x), so network grouping
// never mixes them.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

constexpr const char* proxy = "127.0.5.1";
constexpr const char* stranger = "127.0.6.1";  // a peer that is no proxy

HeaderList forwarded_for(const std::string& addresses) { return {{"X-Forwarded-For", addresses}}; }

// A WebSocket through the proxy for `client` that has said hello.
std::unique_ptr<WsTestClient> via_proxy(unsigned short port, const std::string& client) {
  auto ws = std::make_unique<WsTestClient>(port, "", 0, proxy, forwarded_for(client));
  if (ws->hello()["type"] != "ack") throw std::runtime_error("hello refused for " + client);
  return ws;
}

std::string create_session(unsigned short port) {
  WsTestClient console(port);
  console.hello();
  const json reply = console.request({{"type", "session.create"}, {"scenario", "demo"}});
  if (reply["type"] != "ack") throw std::runtime_error("session.create: " + reply.dump());
  return reply["result"]["code"];
}

json join(WsTestClient& ws, const std::string& code, const std::string& name) {
  return ws.request({{"type", "join"}, {"code", code}, {"name", name}});
}

TEST(TrustedProxy, ManyClientsBehindOneProxyAreNotHeldToOneAddressesCap) {
  TestServer server([](net::ServerOptions& o) {
    o.max_connections_per_address = 5;
    o.trusted_proxies = {"127.0.5.0/24"};
  });
  const std::string code = create_session(server.port());
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (int i = 1; i <= 12; ++i) {
    ASSERT_NO_THROW(people.push_back(via_proxy(server.port(), "198.51.100." + std::to_string(i))))
        << "person " << i << " of 12, all through the one proxy address";
  }
  // All twelve are in the session at once.
  for (std::size_t i = 0; i < people.size(); ++i) {
    const json joined = join(*people[i], code, "Person " + std::to_string(i + 1));
    EXPECT_EQ(joined["type"], "ack") << joined.dump();
  }
}

TEST(TrustedProxy, OneForwardedClientIsHeldToItsCapEvenWhenItPrependsOtherAddresses) {
  TestServer server([](net::ServerOptions& o) {
    o.max_connections_per_address = 5;
    o.trusted_proxies = {proxy};
  });
  std::vector<std::unique_ptr<WsTestClient>> held;
  for (int i = 0; i < 5; ++i) held.push_back(via_proxy(server.port(), "203.0.113.7"));
  EXPECT_EQ(upgrade_status(server.port(), proxy, forwarded_for("203.0.113.7")), 429) << "a sixth for 203.0.113.7";
  // Entries before the proxy's own are whatever the client wrote: only the last one counts.
  EXPECT_EQ(upgrade_status(server.port(), proxy, forwarded_for("198.51.100.1, 192.0.2.1, 203.0.113.7")), 429);
  // Two X-Forwarded-For headers (HAProxy adds its own after any the client sent): the last one counts.
  EXPECT_EQ(upgrade_status(server.port(), proxy, {{"X-Forwarded-For", "198.51.100.2"}, {"X-Forwarded-For", "203.0.113.7"}}), 429);
  EXPECT_EQ(upgrade_status(server.port(), proxy, {{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-For", "198.51.100.2"}}), 101);
  // Someone else behind the same proxy is not held up by 203.0.113.7.
  EXPECT_NO_THROW(via_proxy(server.port(), "198.51.100.3"));

  // When one of 203.0.113.7's WebSockets closes, its place comes back once the server has seen it go.
  held.pop_back();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while ((status = upgrade_status(server.port(), proxy, forwarded_for("203.0.113.7"))) != 101 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
  }
  EXPECT_EQ(status, 101);
}

TEST(TrustedProxy, EachForwardedAddressHasItsOwnJoinAndGuessAllowance) {
  TestServer server([](net::ServerOptions& o) {
    o.trusted_proxies = {proxy};
    o.hub.join_burst = 2;
    o.hub.joins_per_minute = 1;
    o.hub.wrong_codes_burst = 3;
    o.hub.wrong_codes_per_minute = 1;
  });
  const std::string code = create_session(server.port());
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (const std::string client : {"198.51.100.10", "203.0.113.10"}) {
    for (int i = 1; i <= 2; ++i) {
      people.push_back(via_proxy(server.port(), client));
      const json joined = join(*people.back(), code, "P" + std::to_string(i) + " from " + client);
      EXPECT_EQ(joined["type"], "ack") << client << " join " << i << ": " << joined.dump();
    }
  }
  auto third = via_proxy(server.port(), "198.51.100.10");
  const json limited = join(*third, code, "Third");
  EXPECT_EQ(limited["code"], "rate_limited") << "198.51.100.10 has spent its own allowance: " << limited.dump();
  auto elsewhere = via_proxy(server.port(), "192.0.2.10");
  EXPECT_EQ(join(*elsewhere, code, "Elsewhere")["type"], "ack") << "not the proxy's allowance that ran out";

  // The report API's misses are counted per forwarded address too.
  auto guess = [&](const std::string& client) {
    return http_get(server.port(), "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", "guess"}, {"X-Forwarded-For", client}}, proxy)
        .status;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(guess("198.51.100.20"), 404);
  EXPECT_EQ(guess("198.51.100.20"), 429) << "198.51.100.20 spent its misses";
  EXPECT_EQ(guess("203.0.113.20"), 404) << "203.0.113.20 still has its own";
}

TEST(TrustedProxy, AnUntrustedPeerThatSendsXForwardedForGainsNothing) {
  TestServer server([](net::ServerOptions& o) {
    o.max_connections_per_address = 3;
    o.trusted_proxies = {proxy};
    o.hub.join_burst = 2;
    o.hub.joins_per_minute = 1;
  });
  const std::string code = create_session(server.port());
  std::vector<std::unique_ptr<WsTestClient>> held;
  for (int i = 1; i <= 3; ++i) {
    held.push_back(std::make_unique<WsTestClient>(server.port(), "", 0, stranger, forwarded_for("198.51.100." + std::to_string(i))));
    held.back()->hello();
  }
  EXPECT_THROW(WsTestClient(server.port(), "", 0, stranger, forwarded_for("198.51.100.4")), std::exception)
      << "a fourth from 127.0.6.1 is refused whatever address it claims";
  // Its joins come out of 127.0.6.1's one allowance, whatever each connection claimed.
  EXPECT_EQ(join(*held[0], code, "One")["type"], "ack");
  EXPECT_EQ(join(*held[1], code, "Two")["type"], "ack");
  EXPECT_EQ(join(*held[2], code, "Three")["code"], "rate_limited");

  // Nor is its X-Forwarded-Proto believed once proxies are named: its join links stay http.
  const auto qr = http_get(server.port(), "/api/sessions/K7QX3M/qr.svg", {{"X-Forwarded-Proto", "https"}}, "127.0.6.2");
  EXPECT_NE(qr.body.find("<title>http://"), std::string::npos) << "X-Forwarded-Proto is the proxies' to send";
  const auto proxied_qr = http_get(server.port(), "/api/sessions/K7QX3M/qr.svg", {{"X-Forwarded-Proto", "https"}}, proxy);
  EXPECT_NE(proxied_qr.body.find("<title>https://"), std::string::npos) << "the proxy's is believed";
}

TEST(TrustedProxy, AMalformedXForwardedForFromTheProxyCountsAsTheProxyItself) {
  TestServer server([](net::ServerOptions& o) {
    o.max_connections_per_address = 3;
    o.trusted_proxies = {proxy};
  });
  // Not an address, a valid one followed by junk (only the last entry counts), an address with a port.
  std::vector<std::unique_ptr<WsTestClient>> held;
  for (const std::string junk : {"unknown", "198.51.100.1, garbage", "198.51.100.2:443"}) {
    held.push_back(std::make_unique<WsTestClient>(server.port(), "", 0, proxy, forwarded_for(junk)));
    held.back()->hello();
  }
  EXPECT_EQ(upgrade_status(server.port(), proxy, {}), 429) << "no header: the proxy's address, which is full";
  EXPECT_EQ(upgrade_status(server.port(), proxy, forwarded_for("")), 429);
  EXPECT_EQ(upgrade_status(server.port(), proxy, forwarded_for("198.51.100.1")), 101) << "a well-formed one still gets in";
}

TEST(TrustedProxy, MetricsThroughALoopbackProxyAreForTheMachineNotForItsClients) {
  // HAProxy on the same machine: its connections come from loopback, its clients do not.
  TestServer server([](net::ServerOptions& o) { o.trusted_proxies = {"127.0.0.1"}; });
  EXPECT_EQ(http_get(server.port(), "/metrics", {{"X-Forwarded-For", "198.51.100.30"}}).status, 403);
  EXPECT_EQ(http_get(server.port(), "/metrics", {{"X-Forwarded-For", "127.0.0.1"}}).status, 200);
  EXPECT_EQ(http_get(server.port(), "/metrics").status, 200) << "no header: the proxy itself, on this machine";
}

}  // namespace
}  // namespace huddle::test
