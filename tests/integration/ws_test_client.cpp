#include "integration/ws_test_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace huddle::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {
// Generous: a deadline that only trips when the awaited event is not coming at all (sanitizer builds are slow).
constexpr int read_deadline_seconds = 20;

void set_receive_timeout(tcp::socket& socket) {
  timeval tv{read_deadline_seconds, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}
}  // namespace

WsTestClient::WsTestClient(unsigned short port, const std::string& origin, int receive_buffer,
                           const std::string& source_address, const HeaderList& headers)
    : ws_(ioc_) {
  tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
  if (receive_buffer > 0 || !source_address.empty()) ws_.next_layer().open(endpoint.protocol());
  if (receive_buffer > 0) ws_.next_layer().set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer));
  if (!source_address.empty()) ws_.next_layer().bind(tcp::endpoint(boost::asio::ip::make_address(source_address), 0));
  ws_.next_layer().connect(endpoint);
  set_receive_timeout(ws_.next_layer());
  ws_.set_option(websocket::stream_base::decorator([origin, headers](websocket::request_type& req) {
    if (!origin.empty()) req.set(http::field::origin, origin);
    for (const auto& [name, value] : headers) req.insert(name, value);
  }));
  ws_.read_message_max(16 * 1024 * 1024);
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
}

void WsTestClient::send(const json& message) { send_text(message.dump()); }

void WsTestClient::send_text(const std::string& text) {
  ws_.text(true);
  ws_.write(boost::asio::buffer(text));
}

nlohmann::json WsTestClient::read() {
  beast::flat_buffer buffer;
  ws_.read(buffer);
  transcript.push_back(beast::buffers_to_string(buffer.data()));
  auto frame = json::parse(transcript.back());
  if (frame.value("type", "") == "patch") {
    // Applied as a browser applies it (PROTOCOL.md, "patch"), and handed on as the state it makes, so a test
    // reads the same frames either way; a patch that does not fit what this client holds is a server bug.
    const std::string topic = frame["topic"];
    if (versions[topic] != frame["base"].get<std::uint64_t>()) {
      throw std::runtime_error("patch on " + topic + " from version " + frame["base"].dump() + ", held " + std::to_string(versions[topic]));
    }
    frame = json{{"type", "state"}, {"topic", topic}, {"version", frame["version"]}, {"epoch", frame["epoch"]},
                 {"data", latest[topic].patch(frame["ops"])}, {"patched", true}};
  }
  if (frame.value("type", "") == "state") {
    latest[frame["topic"].get<std::string>()] = frame["data"];
    versions[frame["topic"].get<std::string>()] = frame["version"].get<std::uint64_t>();
  }
  return frame;
}

nlohmann::json WsTestClient::wait_for(const std::function<bool(const json&)>& done) {
  // The socket's receive timeout bounds each read, but keep-alive pings count as traffic: bound the whole
  // wait too, so an event that never comes fails the test instead of hanging it.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(read_deadline_seconds);
  for (;;) {
    auto frame = read();
    if (done(frame)) return frame;
    if (std::chrono::steady_clock::now() > give_up) throw std::runtime_error("wait_for: the awaited frame never came");
  }
}

nlohmann::json WsTestClient::request(json message) {
  const auto id = next_id_++;
  message["id"] = id;
  send(message);
  return wait_for([id](const json& f) { return (f["type"] == "ack" || f["type"] == "error") && f["id"] == id; });
}

nlohmann::json WsTestClient::wait_topic(const std::string& topic, const std::function<bool(const json&)>& done) {
  auto it = latest.find(topic);
  if (it != latest.end() && done(it->second)) return it->second;
  return wait_for([&](const json& f) { return f["type"] == "state" && f["topic"] == topic && done(f["data"]); })["data"];
}

nlohmann::json WsTestClient::hello() { return request({{"type", "hello"}, {"protocol", 1}, {"client", "integration-test"}}); }

int WsTestClient::read_close_code() {
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    ws_.read(buffer, ec);
    if (ec == websocket::error::closed) return static_cast<int>(ws_.reason().code);
    // The close frame arrived, but the server had already hung up when we answered it.
    if (ec && ws_.reason().code != websocket::close_code::none) return static_cast<int>(ws_.reason().code);
    if (ec) {
      last_error = ec.message();
      return -1;  // the connection ended without a close frame
    }
    buffer.clear();
  }
}

void WsTestClient::send_fragment(const std::string& text, bool fin) {
  ws_.text(true);
  ws_.write_some(fin, boost::asio::buffer(text));
}

void WsTestClient::send_raw(const std::string& bytes) { boost::asio::write(ws_.next_layer(), boost::asio::buffer(bytes)); }

int WsTestClient::close_code() const { return static_cast<int>(ws_.reason().code); }

void WsTestClient::close() {
  beast::error_code ec;
  ws_.close(websocket::close_code::normal, ec);
}

namespace {

HttpReply http_exchange(unsigned short port, http::verb method, const std::string& target,
                        const std::map<std::string, std::string>& headers, const std::string& body,
                        const std::string& source_address) {
  boost::asio::io_context ioc;
  tcp::socket socket(ioc);
  const tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
  if (!source_address.empty()) {
    socket.open(endpoint.protocol());
    socket.bind(tcp::endpoint(boost::asio::ip::make_address(source_address), 0));
  }
  socket.connect(endpoint);
  set_receive_timeout(socket);
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  HttpReply reply{static_cast<int>(res.result_int()), {}, res.body()};
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  return reply;
}

}  // namespace

HttpReply http_get(unsigned short port, const std::string& target, const std::map<std::string, std::string>& headers,
                   const std::string& source_address) {
  return http_exchange(port, http::verb::get, target, headers, "", source_address);
}

HttpReply http_call(unsigned short port, const std::string& method, const std::string& target,
                    const std::map<std::string, std::string>& headers, const std::string& body) {
  return http_exchange(port, http::string_to_verb(method), target, headers, body, "");
}

int upgrade_status(unsigned short port, const std::string& origin) {
  boost::asio::io_context ioc;
  websocket::stream<tcp::socket> ws(ioc);
  ws.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
  set_receive_timeout(ws.next_layer());
  ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
    req.set(http::field::origin, origin);
  }));
  websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, "127.0.0.1:" + std::to_string(port), "/ws", ec);
  return static_cast<int>(res.result_int());
}

int upgrade_status(unsigned short port, const std::string& source_address, const HeaderList& headers) {
  boost::asio::io_context ioc;
  websocket::stream<tcp::socket> ws(ioc);
  tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
  ws.next_layer().open(endpoint.protocol());
  ws.next_layer().bind(tcp::endpoint(boost::asio::ip::make_address(source_address), 0));
  ws.next_layer().connect(endpoint);
  set_receive_timeout(ws.next_layer());
  ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [name, value] : headers) req.insert(name, value);
  }));
  websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, "127.0.0.1:" + std::to_string(port), "/ws", ec);
  if (!ec) ws.close(websocket::close_code::normal, ec);
  return static_cast<int>(res.result_int());
}

}  // namespace huddle::test
