#pragma once
// One thing a WebSocket client sent, as WsFrameReader hands it over: a whole (reassembled) message or a
// control frame.
#include <cstdint>
#include <string>

namespace huddle::net {

struct WsInbound {
  enum class Kind { text, binary, ping, pong, close };
  Kind kind;
  std::string payload;           // unmasked; for close: the reason text only (code removed)
  std::uint16_t close_code = 0;  // close only: the code the peer sent; ws_close_no_status when it sent none
};

// A close frame without a code (RFC 6455 7.1.5): the answer to it carries none either.
inline constexpr std::uint16_t ws_close_no_status = 1005;

}  // namespace huddle::net
