#pragma once
// The header of a frame the server sends (RFC 6455 section 5.2): never masked, always final. A push carries
// its header in the same buffer (push_frame.hpp), built once for every connection it goes to.
#include <array>
#include <cstddef>
#include <cstdint>

#include "hub/ws_opcode.hpp"

namespace huddle::hub {

struct WsFrameHeader {
  std::array<unsigned char, 10> bytes{};
  std::uint8_t size = 0;

  WsFrameHeader() = default;
  WsFrameHeader(WsOpcode opcode, std::size_t payload_size) noexcept {
    bytes[0] = static_cast<unsigned char>(0x80U | static_cast<unsigned>(opcode));
    if (payload_size < 126) {
      bytes[1] = static_cast<unsigned char>(payload_size);
      size = 2;
    } else if (payload_size <= 0xFFFF) {
      bytes[1] = 126;
      bytes[2] = static_cast<unsigned char>(payload_size >> 8);
      bytes[3] = static_cast<unsigned char>(payload_size);
      size = 4;
    } else {
      bytes[1] = 127;
      for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(2 + i)] = static_cast<unsigned char>(static_cast<std::uint64_t>(payload_size) >> (56 - 8 * i));
      size = 10;
    }
  }
};

}  // namespace huddle::hub
