#pragma once
// A client broke the WebSocket protocol (WsFrameReader found it): why, and the close code to answer with
// (1002 protocol error, 1007 invalid UTF-8, 1009 too big).
#include <cstdint>
#include <string>

namespace huddle::net {

struct WsProtocolError {
  std::uint16_t close_code;
  std::string reason;
};

}  // namespace huddle::net
