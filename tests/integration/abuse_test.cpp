// Abuse limits through real sockets: a request flood is answered rate_limited and then closed with 1008
// while others carry on; wrong join codes from one address run out (and then even a right one is refused,
// so answers never confirm a guess); one address cannot hold more than its share of connections.
#include <gtest/gtest.h>

#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

std::string create(WsTestClient& console) {
  console.hello();
  return console.request({{"type", "session.create"}, {"scenario", "demo"}})["result"]["code"];
}

TEST(Abuse, AFloodIsRateLimitedThenClosedAndOthersCarryOn) {
  TestServer server;  // the default limit: 20 requests a second, 60 at once
  WsTestClient console(server.port());
  const std::string code = create(console);
  WsTestClient flood(server.port());
  flood.hello();
  ASSERT_EQ(flood.request({{"type", "join"}, {"code", code}, {"name", "Flood"}})["type"], "ack");

  int sent = 0;
  try {
    for (; sent < 10'000; ++sent) {
      flood.send({{"type", "resync"}, {"id", sent + 100}});
      if (sent == 5'000) {
        ASSERT_EQ(console.request({{"type", "resync"}})["type"], "ack") << "the facilitator is served meanwhile";
      }
    }
  } catch (const std::exception&) {
    // the server closed the connection while we were still sending: that is the point
  }
  int limited = 0, answered = 0;
  try {
    for (;;) {
      const json frame = flood.read();
      if (frame["type"] == "ack") ++answered;
      if (frame["type"] == "error" && frame["code"] == "rate_limited") ++limited;
    }
  } catch (const std::exception&) {
  }
  EXPECT_GT(answered, 0) << "requests within the limit were served";
  EXPECT_GT(limited, 0) << "the flood got clear rate_limited answers first";
  EXPECT_EQ(flood.close_code(), 1008) << "then it was closed for policy; " << sent << " sent";
  EXPECT_EQ(console.request({{"type", "phase.next"}})["type"], "ack") << "and the session carries on";
}

TEST(Abuse, GuessingJoinCodesRunsOutAndThenNoAnswerConfirmsAGuess) {
  TestServer server;
  WsTestClient console(server.port());
  const std::string code = create(console);
  WsTestClient guesser(server.port());
  guesser.hello();
  int not_found = 0, limited = 0;
  for (int i = 0; i < 40; ++i) {
    const json reply = guesser.request({{"type", "join"}, {"code", "ZZZZZZ"}, {"name", "Guess"}});
    if (reply["code"] == "session_not_found") ++not_found;
    if (reply["code"] == "rate_limited") ++limited;
  }
  EXPECT_EQ(not_found, 20) << "a burst of wrong codes is answered plainly";
  EXPECT_EQ(limited, 20);
  EXPECT_EQ(guesser.request({{"type", "join"}, {"code", code}, {"name", "Guess"}})["code"], "rate_limited")
      << "while limited, even the right code gets the same answer";
}

TEST(Abuse, OneAddressCannotHoldMoreThanItsShareOfConnections) {
  TestServer server([](net::ServerOptions& o) { o.max_connections_per_address = 3; });
  std::vector<std::unique_ptr<WsTestClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<WsTestClient>(server.port()));
    held.back()->hello();
  }
  EXPECT_THROW(WsTestClient extra(server.port()), std::exception) << "a fourth from 127.0.0.1 is refused";
  held.pop_back();  // one closes...
  // ...and its slot comes back once the server has seen it go; the next connection then gets in.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::unique_ptr<WsTestClient> again;
  while (!again && std::chrono::steady_clock::now() < give_up) {
    try {
      again = std::make_unique<WsTestClient>(server.port());
    } catch (const std::exception&) {
      std::this_thread::yield();
    }
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hello()["type"], "ack");
}

TEST(Abuse, AFrameHeaderClaimingAHugeLengthIsClosedWith1009AtOnce) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  // FIN + text, masked, 64-bit length 2^62, a mask key, and no payload: nothing is allocated or awaited.
  client.send_raw(std::string("\x81\xFF\x40\x00\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04", 14));
  EXPECT_EQ(client.read_close_code(), 1009) << client.last_error;
}

TEST(Abuse, EndlessFragmentsAddUpToTheMessageLimit) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  const std::string piece(1024, 'x');
  try {
    for (int i = 0; i < 200; ++i) client.send_fragment(piece, false);  // 200 KiB, never finished
  } catch (const std::exception&) {
    // closed while sending
  }
  EXPECT_EQ(client.read_close_code(), 1009) << client.last_error;
}

TEST(Abuse, InvalidUtf8IsClosedWith1007) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  client.send_text("{\"type\": \"hello\", \"id\": 1, \"client\": \"\xC3\x28\"}");
  EXPECT_EQ(client.read_close_code(), 1007) << client.last_error;
}

TEST(Abuse, DeeplyNestedJsonGetsAClearErrorAndTheConnectionLives) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  client.send_text(std::string(5000, '[') + std::string(5000, ']'));
  const json reply = client.read();
  EXPECT_EQ(reply["code"], "bad_request");
  EXPECT_EQ(client.hello()["type"], "ack") << "the connection is still usable";
}

}  // namespace
}  // namespace huddle::test
