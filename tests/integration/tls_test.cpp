// --tls-cert/--tls-key: the same port serves HTTPS and WSS with the facilitator's certificate, and nothing in
// clear text. The clients here trust only the test's own self-signed certificate and check the host name, as
// a browser does, so a passing test means the server really presented it.
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data_folder.hpp"
#include "self_signed_certificate.hpp"
#include "test_server.hpp"

namespace huddle::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

class Tls : public ::testing::Test {
 protected:
  DataFolder folder;
  SelfSignedCertificate identity = make_self_signed_certificate(folder.path);
  TestServer server{[this](net::ServerOptions& o) {
    o.tls_cert = identity.certificate;
    o.tls_key = identity.key;
    o.rate_limit_per_second = 0;  // the slow-reader test's facilitator sends as fast as it is answered
  }};
  asio::io_context ioc;
  ssl::context trust{ssl::context::tls_client};

  void SetUp() override {
    trust.load_verify_file(identity.certificate.string());
    trust.set_verify_mode(ssl::verify_peer);
  }

  // A TLS connection to the server that verified its certificate for "localhost". A non-zero
  // `receive_buffer` shrinks the socket's receive buffer (a client on a slow link).
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> connect_tls(int receive_buffer = 0) {
    auto stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, trust);
    SSL_set_tlsext_host_name(stream->native_handle(), "localhost");
    stream->set_verify_callback(ssl::host_name_verification("localhost"));
    beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(20));
    const tcp::endpoint at(asio::ip::make_address("127.0.0.1"), server.port());
    if (receive_buffer > 0) {
      beast::get_lowest_layer(*stream).socket().open(at.protocol());
      beast::get_lowest_layer(*stream).socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    }
    beast::get_lowest_layer(*stream).connect(at);
    stream->handshake(ssl::stream_base::client);
    return stream;
  }

  http::response<http::string_body> get(const std::string& target) {
    auto stream = connect_tls();
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "localhost");
    http::write(*stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(*stream, buffer, res);
    return res;
  }
};

TEST_F(Tls, PagesAreServedOverHttpsWithTheirSecurityHeaders) {
  const auto res = get("/");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find("<html"), std::string::npos);
  EXPECT_NE(res["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  // Once a browser has reached the server over TLS it must never again try plain HTTP (where a network in
  // between could strip TLS): HSTS, on every answer.
  EXPECT_NE(res["Strict-Transport-Security"].find("max-age=31536000"), std::string::npos);
  const auto health = get("/healthz");
  EXPECT_EQ(health.result(), http::status::ok);
  EXPECT_FALSE(health["Strict-Transport-Security"].empty());
}

using Wss = beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// Sends a request and returns its reply; pushes that come first are skipped.
json request(Wss& ws, json body) {
  ws.write(asio::buffer(body.dump()));
  for (;;) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    auto frame = json::parse(beast::buffers_to_string(buffer.data()));
    if (frame.contains("id") && frame["id"] == body["id"]) return frame;
  }
}

TEST_F(Tls, AFacilitatorCreatesASessionAndAParticipantJoinsOverWss) {
  auto open = [&] {
    auto ws = std::make_unique<Wss>(std::move(*connect_tls()));
    ws->handshake("localhost:" + std::to_string(server.port()), "/ws");
    return ws;
  };
  auto console = open();
  ASSERT_EQ(request(*console, {{"type", "hello"}, {"id", 1}, {"protocol", 1}})["type"], "ack");
  const json created = request(*console, {{"type", "session.create"}, {"id", 2}, {"scenario", "activities"}});
  ASSERT_EQ(created["type"], "ack") << created.dump();
  auto person = open();
  ASSERT_EQ(request(*person, {{"type", "hello"}, {"id", 1}, {"protocol", 1}})["type"], "ack");
  const json joined = request(*person, {{"type", "join"}, {"id", 2}, {"code", created["result"]["code"]}, {"name", "Ana"}});
  EXPECT_EQ(joined["type"], "ack") << joined.dump();
}

// Pushes pile up behind a slow reader's TLS writes (each written whole from the connection's own buffer while
// newer ones queue and replace each other): the reader still gets intact frames, versions only going up, and
// the newest state last.
TEST_F(Tls, ASlowReaderOverWssGetsIntactFramesAndTheNewestStateLast) {
  auto open = [&](int receive_buffer) {
    auto ws = std::make_unique<Wss>(std::move(*connect_tls(receive_buffer)));
    ws->handshake("localhost:" + std::to_string(server.port()), "/ws");
    return ws;
  };
  auto console = open(0);
  ASSERT_EQ(request(*console, {{"type", "hello"}, {"id", 1}, {"protocol", 1}})["type"], "ack");
  const json created = request(*console, {{"type", "session.create"}, {"id", 2}, {"scenario", "activities"}});
  ASSERT_EQ(created["type"], "ack") << created.dump();
  auto person = open(4096);
  ASSERT_EQ(request(*person, {{"type", "hello"}, {"id", 1}, {"protocol", 1}})["type"], "ack");
  ASSERT_EQ(request(*person, {{"type", "join"}, {"id", 2}, {"code", created["result"]["code"]}, {"name", "Ana"}})["type"], "ack");
  // The participant does not read while the facilitator moves through the phases 300 times.
  int id = 3;
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(request(*console, {{"type", "phase.goto"}, {"id", id++}, {"index", i % 3}})["type"], "ack");
  }
  ASSERT_EQ(request(*console, {{"type", "phase.goto"}, {"id", id++}, {"index", 3}})["type"], "ack");
  long long last_version = -1;
  for (;;) {
    beast::flat_buffer buffer;
    person->read(buffer);
    const auto frame = json::parse(beast::buffers_to_string(buffer.data()));  // throws on a torn frame
    if (frame.value("topic", "") != "session") continue;
    EXPECT_GT(frame["version"].get<long long>(), last_version);
    last_version = frame["version"].get<long long>();
    if (!frame["data"]["phase"].is_null() && frame["data"]["phase"]["index"] == 3) break;
  }
}

TEST_F(Tls, PlainHttpOnTheTlsPortGetsNoAnswerAndTheServerCarriesOn) {
  tcp::socket plain(ioc);
  plain.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
  asio::write(plain, asio::buffer(request));
  std::string received;
  beast::error_code ec;
  for (;;) {  // until the server closes the connection
    char chunk[512];
    const auto n = plain.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    received.append(chunk, n);
  }
  EXPECT_EQ(received.find("HTTP/1.1"), std::string::npos) << "a clear-text answer came back: " << received;
  EXPECT_EQ(get("/healthz").result(), http::status::ok);
}

TEST_F(Tls, AClientThatDoesNotTrustTheCertificateCannotConnect) {
  ssl::context strict{ssl::context::tls_client};
  strict.set_default_verify_paths();  // the system's CAs, which never signed the test's certificate
  strict.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, strict);
  beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  beast::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  EXPECT_TRUE(ec) << "the handshake succeeded without trusting the certificate";
}

}  // namespace
}  // namespace huddle::test
