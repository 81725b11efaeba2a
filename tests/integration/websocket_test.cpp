// The server's own WebSocket framing (net/ws_session.cpp, net/ws_frame_reader.cpp) against real clients on
// loopback: Beast's client (strict about what a server may send) and hand-made frames on a bare socket,
// for what browsers and other clients do that the request tests do not: pings, closing first, pipelined
// and fragmented requests, and staying silent.
#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <chrono>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

// A masked client frame, as RFC 6455 requires of clients.
std::string client_frame(unsigned opcode, const std::string& payload, bool fin = true) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80U : 0U) | opcode));
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(0x80U | payload.size()));
  } else {
    frame.push_back(static_cast<char>(0x80U | 126U));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xFF));
  }
  const std::array<unsigned char, 4> key{0x37, 0xfa, 0x21, 0x3d};
  frame.append(reinterpret_cast<const char*>(key.data()), key.size());
  for (std::size_t i = 0; i < payload.size(); ++i) frame.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
  return frame;
}

// A bare TCP socket that has done the upgrade by hand: the test sees every byte the server sends.
struct RawWebSocket {
  asio::io_context ioc;
  tcp::socket socket{ioc};
  std::string in;  // received, not yet taken

  // A non-zero `receive_buffer` shrinks the socket's receive buffer (a client that is slow to read).
  explicit RawWebSocket(unsigned short port, int receive_buffer = 0) {
    tcp::endpoint server{asio::ip::make_address("127.0.0.1"), port};
    socket.open(server.protocol());
    if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket.connect(server);
    timeval tv{20, 0};  // a deadline for every read: the awaited event fails the test instead of hanging it
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    asio::write(socket, asio::buffer(std::string("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                 "Sec-WebSocket-Version: 13\r\n\r\n")));
    const auto head = asio::read_until(socket, asio::dynamic_buffer(in), "\r\n\r\n");
    const std::string response = in.substr(0, head);
    in.erase(0, head);
    if (response.rfind("HTTP/1.1 101", 0) != 0) throw std::runtime_error("upgrade refused: " + response);
  }
  void send(const std::string& bytes) { asio::write(socket, asio::buffer(bytes)); }
  // The next frame the server sends: its first byte (FIN and opcode) and payload. Throws at the end of the stream.
  std::pair<unsigned, std::string> next_frame() {
    need(2);
    const auto byte = [this](std::size_t i) { return static_cast<unsigned char>(in[i]); };
    const unsigned first = byte(0);
    std::size_t length = byte(1) & 0x7FU;
    EXPECT_EQ(byte(1) & 0x80U, 0U) << "a server never masks";
    in.erase(0, 2);
    if (length == 126 || length == 127) {
      const std::size_t bytes = length == 126 ? 2 : 8;
      need(bytes);
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | byte(i);
      in.erase(0, bytes);
    }
    need(length);
    std::string payload = in.substr(0, length);
    in.erase(0, length);
    return {first, payload};
  }
  // True when the server has ended the stream (after whatever it still sends).
  bool ends() {
    beast::error_code ec;
    std::array<char, 256> bytes;
    for (;;) {
      socket.read_some(asio::buffer(bytes), ec);
      if (ec) return ec == asio::error::eof || ec == asio::error::connection_reset;
    }
  }

 private:
  void need(std::size_t bytes) {
    if (in.size() < bytes) asio::read(socket, asio::dynamic_buffer(in), asio::transfer_at_least(bytes - in.size()));
  }
};

TEST(WebSocket, APingIsAnsweredWithAPongCarryingItsPayload) {
  TestServer server;
  RawWebSocket client(server.port());
  client.send(client_frame(0x9, "are you there"));
  const auto [first, payload] = client.next_frame();
  EXPECT_EQ(first, 0x8AU);  // FIN + pong
  EXPECT_EQ(payload, "are you there");
}

TEST(WebSocket, PipelinedRequestsAreAllAnsweredInOrder) {
  TestServer server;
  RawWebSocket client(server.port());
  client.send(client_frame(0x1, R"({"type":"hello","protocol":1,"id":1})") + client_frame(0x1, R"({"type":"resync","id":2})") +
              client_frame(0x1, R"({"type":"nonsense","id":3})"));
  std::vector<json> replies;
  while (replies.size() < 3) {
    const auto [first, payload] = client.next_frame();
    ASSERT_EQ(first, 0x81U);
    auto frame = json::parse(payload);
    if (frame.contains("id")) replies.push_back(frame);
  }
  EXPECT_EQ(replies[0]["id"], 1);
  EXPECT_EQ(replies[0]["type"], "ack");
  EXPECT_EQ(replies[1]["id"], 2);
  EXPECT_EQ(replies[2]["id"], 3);
  EXPECT_EQ(replies[2]["type"], "error");
}

TEST(WebSocket, AFragmentedRequestWithAPingInsideIsAnswered) {
  TestServer server;
  RawWebSocket client(server.port());
  const std::string hello = R"({"type":"hello","protocol":1,"id":7})";
  client.send(client_frame(0x1, hello.substr(0, 10), false) + client_frame(0x9, "mid") +
              client_frame(0x0, hello.substr(10, 10), false));
  client.send(client_frame(0x0, hello.substr(20), true));
  const auto pong = client.next_frame();
  EXPECT_EQ(pong.first, 0x8AU);
  EXPECT_EQ(pong.second, "mid");
  const auto reply = client.next_frame();
  ASSERT_EQ(reply.first, 0x81U);
  EXPECT_EQ(json::parse(reply.second)["id"], 7);
  EXPECT_EQ(json::parse(reply.second)["type"], "ack");
}

TEST(WebSocket, AClientThatClosesFirstGetsItsCodeBackAndTheServerHangsUp) {
  TestServer server;
  RawWebSocket client(server.port());
  client.send(client_frame(0x8, std::string("\x03\xe8", 2) + "bye"));  // 1000
  const auto [first, payload] = client.next_frame();
  EXPECT_EQ(first, 0x88U);
  ASSERT_GE(payload.size(), 2U);
  EXPECT_EQ(static_cast<unsigned char>(payload[0]) * 256 + static_cast<unsigned char>(payload[1]), 1000);
  EXPECT_TRUE(client.ends());
}

TEST(WebSocket, AnUnmaskedClientFrameIsClosedWith1002) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  client.send_raw(std::string("\x81\x02{}", 4));
  EXPECT_EQ(client.read_close_code(), 1002) << client.last_error;
}

// A metric of the server's /metrics page.
long long metric(unsigned short port, const std::string& name) {
  const auto body = http_get(port, "/metrics").body;
  const auto at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(body.substr(at + name.size() + 2));
}

TEST(WebSocket, AClientThatPingsWithoutReadingGetsOnePongForTheNewestAndCostsBoundedMemory) {
  TestServer server;
  RawWebSocket client(server.port(), 4096);
  // 100,000 pings of 120 bytes: 12 MB of pongs, far more than the kernel's buffers hold for a client this slow.
  constexpr int pings = 100'000;
  std::string burst;
  for (int i = 0; i < pings; ++i) burst += client_frame(0x9, std::string(120, static_cast<char>('a' + i % 26)));
  client.send(burst + client_frame(0x9, "the newest") + client_frame(0x1, R"({"type":"hello","protocol":1,"id":1})"));
  // The hello comes after every ping: once the server has taken it, it has answered them all.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (metric(server.port(), "huddle_messages_in_total") < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
  }
  ASSERT_GE(metric(server.port(), "huddle_messages_in_total"), 1);
  EXPECT_LT(metric(server.port(), "huddle_send_queue_bytes"), 4096) << "pongs piled up in the queue";
  int pongs = 0;
  std::string last_pong;
  for (;;) {
    const auto [first, payload] = client.next_frame();
    if (first == 0x8AU) {
      ++pongs;
      last_pong = payload;
      continue;
    }
    ASSERT_EQ(first, 0x81U);
    if (json::parse(payload).value("id", 0) == 1) break;
  }
  EXPECT_EQ(last_pong, "the newest");
  EXPECT_LT(pongs, pings) << "every ping got its own pong: the queue held them all";
}

TEST(WebSocket, ASilentClientIsPingedAndClosedWhenItNeverAnswers) {
  TestServer server([](net::ServerOptions& o) { o.idle_timeout = std::chrono::seconds(2); });
  RawWebSocket client(server.port());
  const auto [first, payload] = client.next_frame();  // after about a second of silence
  EXPECT_EQ(first, 0x89U);                             // FIN + ping
  EXPECT_TRUE(client.ends());                          // no pong: closed a tick later
}

TEST(WebSocket, AClientThatAnswersPingsStaysConnected) {
  TestServer server([](net::ServerOptions& o) { o.idle_timeout = std::chrono::seconds(2); });
  RawWebSocket client(server.port());
  for (int i = 0; i < 2; ++i) {  // two pings: past the idle timeout
    const auto [first, payload] = client.next_frame();
    ASSERT_EQ(first, 0x89U);
    client.send(client_frame(0xA, payload));
  }
  client.send(client_frame(0x1, R"({"type":"hello","protocol":1,"id":1})"));
  const auto [first, payload] = client.next_frame();
  ASSERT_EQ(first, 0x81U);
  EXPECT_EQ(json::parse(payload)["type"], "ack");
}

}  // namespace
}  // namespace huddle::test
