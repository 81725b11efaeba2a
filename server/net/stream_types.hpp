#pragma once
// The two transports a connection can run on: plain TCP, or TLS over TCP when the server has a certificate
// (--tls-cert/--tls-key). HttpSession and WsSession are written once over either and instantiated for both.
#include <type_traits>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace huddle::net {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// What a WebSocket runs on once Beast has done the upgrade: the bare socket for plain TCP (no timer, no
// rate policy: WsSession keeps its own time), the TLS stream as it is.
template <class Stream>
using WsTransport = std::conditional_t<std::is_same_v<Stream, PlainStream>, boost::asio::ip::tcp::socket, Stream>;

}  // namespace huddle::net
