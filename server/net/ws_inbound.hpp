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
  std::uint16_t close_code = 0;  // close only: the code the peer sent; 1005 when its close frame had no payload
};

}  // namespace huddle::net
