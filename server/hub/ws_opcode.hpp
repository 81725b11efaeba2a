#pragma once
// The frame types of RFC 6455 section 5.2: what the server sends, and what WsFrameReader accepts.
#include <cstdint>

namespace huddle::hub {

enum class WsOpcode : std::uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

}  // namespace huddle::hub
