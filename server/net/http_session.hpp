#pragma once
// One HTTP connection: static client files, the small JSON API, health and metrics, and the WebSocket
// upgrade at /ws. Keep-alive, one request at a time, every read under a deadline (slow senders are cut off).
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <string>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "net/address_slot.hpp"
#include "net/connection.hpp"
#include "net/server_context.hpp"
#include "net/stream_types.hpp"

namespace huddle::net {

// Stream: PlainStream or TlsStream (net/stream_types.hpp); both are instantiated in http_session.cpp. Over
// TLS the handshake comes first, under the same deadline as a request.
template <class Stream>
class HttpSession final : public Connection, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `shard`: the IoShards shard whose strand `stream` runs on; its WebSocket stays there.
  // `via_proxy`: the peer is a --trusted-proxy; `slot` then counts nowhere (AddressSlot::uncounted) and
  // each request names its client in X-Forwarded-For.
  HttpSession(Stream&& stream, ServerContext& context, AddressSlot slot, bool via_proxy, std::size_t shard);
  ~HttpSession() override;

  void run();
  void shut_down() override;

 private:
  static constexpr bool is_tls = std::is_same_v<Stream, TlsStream>;
  void start();
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  // The client of the request just read: the peer, or for a trusted proxy the last X-Forwarded-For entry
  // (the proxy's own address when there is no usable one).
  std::string client_address(const boost::beast::http::request<boost::beast::http::string_body>& req) const;
  void upgrade();
  // GET /api/sessions/{code}/report[?format=csv]: answered asynchronously, once the session's strand built it.
  static std::optional<std::string> report_code(std::string_view target);
  void report(const std::string& code);
  // The programme API (protocol/PROGRAMMES.md): answered asynchronously by the programme desk.
  void programme_api();
  boost::beast::http::message_generator respond(const boost::beast::http::request<boost::beast::http::string_body>& req);
  void close();

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  ServerContext& context_;
  AddressSlot slot_;  // this connection's place in the per-address count; moves on to its WebSocket
  bool via_proxy_;    // the peer is a trusted proxy: slot_ counts nowhere, each request names its client
  std::string client_;  // client_address() of the request being answered
  std::size_t shard_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::uint64_t registry_id_ = 0;
  bool registered_ = false;
};

}  // namespace huddle::net
