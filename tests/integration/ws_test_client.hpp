#pragma once
// A blocking WebSocket client for integration tests. Every read has a deadline (a socket receive timeout),
// so a test waits for the event it expects and fails, rather than hangs, when it never comes.
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

namespace huddle::test {

// Extra request headers in order; a name may come twice (X-Forwarded-For from the client, then the proxy's).
using HeaderList = std::vector<std::pair<std::string, std::string>>;

class WsTestClient {
 public:
  using json = nlohmann::json;

  // Connects and upgrades; throws boost::system::system_error if the upgrade fails. A non-zero
  // `receive_buffer` shrinks the socket's receive buffer (a client on a slow link, or one that stops reading).
  // A `source_address` binds the client's end to that loopback address (any of 127.0.0.0/8 reaches the
  // server), so one test can speak from several network addresses. `headers` are added to the upgrade
  // request (X-Forwarded-For, as a reverse proxy in front would send it).
  explicit WsTestClient(unsigned short port, const std::string& origin = "", int receive_buffer = 0,
                        const std::string& source_address = "", const HeaderList& headers = {});

  void send(const json& message);
  void send_text(const std::string& text);
  // One fragment of a text message (`fin` false: more follow), as a client that never finishes would send.
  void send_fragment(const std::string& text, bool fin);
  // Bytes straight onto the TCP socket, under the WebSocket layer: hand-made frame headers.
  void send_raw(const std::string& bytes);
  // The next frame; throws on timeout or close.
  json read();
  // Reads until `done(frame)` holds and returns that frame. Pushes seen on the way update `latest`.
  json wait_for(const std::function<bool(const json&)>& done);
  // Sends a request (an id is added) and returns its reply, ack or error.
  json request(json message);
  // The data of the newest push of a topic, waiting until one satisfies `done`.
  json wait_topic(const std::string& topic, const std::function<bool(const json&)>& done);

  json hello();
  // Reads until the server closes the connection and returns the close code.
  int read_close_code();
  // The close code the server sent, once a read has failed because it closed (0: none yet).
  int close_code() const;
  void close();

  std::map<std::string, json> latest;  // topic -> data of the newest push
  std::map<std::string, std::uint64_t> versions;  // topic -> version of the newest push
  std::vector<std::string> transcript;  // every frame received, as sent
  std::string last_error;              // why read_close_code() saw no close frame

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  std::int64_t next_id_ = 1;
};

// Plain HTTP/1.1 GET against the server; returns status, headers and body.
struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};
// A `source_address` binds the client's end to that loopback address, as for WsTestClient.
HttpReply http_get(unsigned short port, const std::string& target, const std::map<std::string, std::string>& headers = {},
                   const std::string& source_address = "");
// Any method, with a body (sent as application/json when not empty), as a browser page of the server sends it.
HttpReply http_call(unsigned short port, const std::string& method, const std::string& target,
                    const std::map<std::string, std::string>& headers = {}, const std::string& body = "");
// The status of a WebSocket upgrade attempt with this Origin.
int upgrade_status(unsigned short port, const std::string& origin);
// The status of a WebSocket upgrade from `source_address` (a loopback address) with these extra headers;
// an upgrade that succeeds (101) is closed again at once.
int upgrade_status(unsigned short port, const std::string& source_address, const HeaderList& headers);

}  // namespace huddle::test
