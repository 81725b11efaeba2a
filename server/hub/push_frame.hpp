#pragma once
// A frame as it goes on the wire: the WebSocket header (ws_frame_header.hpp) and the payload in one buffer.
// A push is built once and shared, unchanged, by every connection it goes to, so each connection hands the
// same bytes to one send() and makes nothing of its own (issue 19: building the header per recipient and
// writing two buffers was measurable at 10,000 recipients).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hub/ws_frame_header.hpp"

namespace huddle::hub {

class PushFrame {
 public:
  explicit PushFrame(std::string_view payload, WsOpcode opcode = WsOpcode::text) {
    const WsFrameHeader header(opcode, payload.size());
    bytes_.reserve(header.size + payload.size());
    bytes_.append(reinterpret_cast<const char*>(header.bytes.data()), header.size);
    bytes_.append(payload);
    header_size_ = header.size;
  }

  // A patch (PROTOCOL.md, "patch"): the change from the version before to `whole`, for a connection that holds
  // the version before. A connection that still has an older push of the topic waiting (never written, so its
  // client never had that version) sends `whole` in its place instead.
  PushFrame(std::string_view payload, std::shared_ptr<const PushFrame> whole) : PushFrame(payload) {
    whole_ = std::move(whole);
  }

  // The full push this patch stands for; null when this frame is not a patch.
  const std::shared_ptr<const PushFrame>& whole() const noexcept { return whole_; }

  // What a connection writes.
  std::string_view wire() const noexcept { return bytes_; }
  // What the client's message handler gets (the JSON of a push or a reply).
  std::string_view payload() const noexcept { return std::string_view(bytes_).substr(header_size_); }
  WsOpcode opcode() const noexcept { return static_cast<WsOpcode>(static_cast<unsigned char>(bytes_[0]) & 0x0FU); }

 private:
  std::string bytes_;
  std::uint8_t header_size_ = 0;
  std::shared_ptr<const PushFrame> whole_;
};

}  // namespace huddle::hub
