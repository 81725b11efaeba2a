#pragma once
// The two transports a connection can run on: plain TCP, or TLS over TCP when the server has a certificate
// (--tls-cert/--tls-key). HttpSession and WsSession are written once over either and instantiated for both.
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace huddle::net {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

}  // namespace huddle::net
