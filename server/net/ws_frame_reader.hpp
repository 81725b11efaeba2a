#pragma once
// The read side of our own WebSocket framing (RFC 6455, server side), once Beast has done the HTTP upgrade:
// bytes in as they come off the socket, whole messages, control frames or protocol errors out. No I/O.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "net/ws_inbound.hpp"
#include "net/ws_protocol_error.hpp"

namespace huddle::net {

class WsFrameReader {
 public:
  explicit WsFrameReader(std::size_t max_message_bytes);

  // Bytes as received from the socket (still masked). Copies them in. Ignored once the reader has failed.
  void append(std::string_view bytes);
  // The next complete message or control frame, nothing yet (std::monostate: more bytes needed), or a
  // protocol error after which the connection must be closed with that code (the reader stays failed:
  // every later call returns the same error). Control frames are returned as soon as they are whole, even
  // in the middle of a fragmented message.
  std::variant<std::monostate, WsInbound, WsProtocolError> next();
  // True while bytes are held (a partial frame, a partial fragmented message, or whole frames not yet taken
  // by next()). When false the reader holds no heap memory.
  bool holds_bytes() const noexcept;
  // Heap memory its buffers hold now (0 when idle, and after a failure): an idle connection should cost nothing.
  std::size_t heap_bytes() const noexcept;

 private:
  WsProtocolError fail(std::uint16_t close_code, std::string reason);
  // Gives the input buffer's memory back once everything in it has been consumed.
  void release_if_drained() noexcept;

  std::size_t max_message_bytes_;
  std::string buffer_;    // received bytes; those before consumed_ have been parsed already
  std::size_t consumed_ = 0;
  bool message_open_ = false;  // a text/binary frame with FIN=0 came and its last fragment has not
  WsInbound::Kind message_kind_ = WsInbound::Kind::text;
  std::string message_;   // the unmasked fragments so far
  std::optional<WsProtocolError> failed_;
};

}  // namespace huddle::net
