#pragma once
// One WebSocket message as the load tool sees it. Most clients only keep its first and last bytes: that is
// where a Huddle frame's type, id, topic and version are (see FrameSummary), and it keeps a client's memory
// independent of message size (a roster at 10k participants is ~600 KB). `full` is set only for the few
// clients that must read a whole message (the facilitator).
#include <cstddef>
#include <string_view>

#include "micros.hpp"

namespace huddle::load {

struct WsMessage {
  std::string_view head;  // the first bytes (up to WsClient::edge_bytes)
  std::string_view tail;  // the last bytes (up to WsClient::edge_bytes); equals head for small messages
  std::string_view full;  // the whole message, or empty unless the client keeps full messages
  std::size_t size = 0;   // payload bytes
  Micros at = 0;          // when its last byte was read
};

}  // namespace huddle::load
