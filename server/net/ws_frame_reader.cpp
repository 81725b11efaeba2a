#include "net/ws_frame_reader.hpp"

#include <utility>

#include "core/utf8.hpp"
#include "hub/ws_opcode.hpp"

namespace huddle::net {

using hub::WsOpcode;
namespace {

constexpr std::uint16_t close_protocol_error = 1002;
constexpr std::uint16_t close_invalid_payload = 1007;
constexpr std::uint16_t close_too_big = 1009;

constexpr std::size_t max_control_payload = 125;
constexpr std::size_t mask_key_size = 4;

// Codes a peer may put in its close frame (RFC 6455 section 7.4; 1004-1006 and 1015 must never be sent;
// 1012-1014 are registered with IANA since; the rest below 3000 is reserved).
constexpr bool is_valid_close_code(std::uint16_t code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

unsigned char byte_at(std::string_view in, std::size_t i) noexcept { return static_cast<unsigned char>(in[i]); }

// XORs `payload` with the mask key (its index restarting at the frame's first payload byte) onto `out`.
void append_unmasked(std::string& out, std::string_view payload, std::string_view key) {
  std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < payload.size(); ++i) out[start + i] = static_cast<char>(out[start + i] ^ key[i % 4]);
}

// Empties `s` and gives its heap buffer back. (`s = std::string()` does not: libstdc++ keeps the old buffer
// when the source is a short, in-place string.)
void release(std::string& s) noexcept { std::string().swap(s); }

}  // namespace

WsFrameReader::WsFrameReader(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

void WsFrameReader::append(std::string_view bytes) {
  if (failed_ || bytes.empty()) return;
  // Drop parsed bytes once they are at least half the buffer, so a trickle of small appends stays linear.
  if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

bool WsFrameReader::holds_bytes() const noexcept { return consumed_ < buffer_.size() || message_open_; }

std::size_t WsFrameReader::heap_bytes() const noexcept {
  // A string that owns no heap block reports its small-string capacity, which an empty one has too.
  const auto held = [](const std::string& s) { return s.capacity() > std::string().capacity() ? s.capacity() : 0; };
  return held(buffer_) + held(message_);
}

WsProtocolError WsFrameReader::fail(std::uint16_t close_code, std::string reason) {
  failed_ = WsProtocolError{close_code, std::move(reason)};
  release(buffer_);
  consumed_ = 0;
  release(message_);
  message_open_ = false;
  return *failed_;
}

void WsFrameReader::release_if_drained() noexcept {
  if (consumed_ < buffer_.size()) return;
  release(buffer_);
  consumed_ = 0;
}

std::variant<std::monostate, WsInbound, WsProtocolError> WsFrameReader::next() {
  if (failed_) return *failed_;
  // Loops over frames that complete nothing on their own (fragments before the last one).
  for (;;) {
    std::string_view in = std::string_view(buffer_).substr(consumed_);
    if (in.size() < 2) return std::monostate{};

    // Each check runs as soon as the bytes it needs are here, so a bad header fails before its payload.
    const unsigned char b0 = byte_at(in, 0);
    const unsigned char b1 = byte_at(in, 1);
    const bool fin = (b0 & 0x80) != 0;
    const auto opcode = static_cast<WsOpcode>(b0 & 0x0F);  // any of 16 values; the checks below refuse the unknown
    const std::uint8_t length7 = b1 & 0x7F;
    if ((b0 & 0x70) != 0) return fail(close_protocol_error, "reserved bits set (no extension was agreed)");
    const bool control = opcode == WsOpcode::close || opcode == WsOpcode::ping || opcode == WsOpcode::pong;
    if (!control && opcode != WsOpcode::continuation && opcode != WsOpcode::text && opcode != WsOpcode::binary)
      return fail(close_protocol_error, "unknown opcode");
    if ((b1 & 0x80) == 0) return fail(close_protocol_error, "frame not masked");
    if (control) {
      if (!fin) return fail(close_protocol_error, "fragmented control frame");
      if (length7 > max_control_payload) return fail(close_protocol_error, "control frame too long");
    } else if (opcode == WsOpcode::continuation && !message_open_) {
      return fail(close_protocol_error, "continuation frame without a message");
    } else if (opcode != WsOpcode::continuation && message_open_) {
      return fail(close_protocol_error, "new message before the previous one ended");
    }

    const std::size_t length_bytes = length7 == 127 ? 8 : length7 == 126 ? 2 : 0;
    if (in.size() < 2 + length_bytes) return std::monostate{};
    std::uint64_t length = length7;
    if (length_bytes > 0) {
      length = 0;
      for (std::size_t i = 0; i < length_bytes; ++i) length = (length << 8) | byte_at(in, 2 + i);
      if (length >> 63) return fail(close_protocol_error, "frame length out of range");
    }
    // message_ never exceeds the limit, so the subtraction cannot wrap.
    if (!control && length > max_message_bytes_ - message_.size()) return fail(close_too_big, "message too big");

    const std::size_t header_size = 2 + length_bytes + mask_key_size;
    if (in.size() < header_size || in.size() - header_size < length) return std::monostate{};
    const auto payload_size = static_cast<std::size_t>(length);  // fits: within max_message_bytes_ or 125
    const std::string_view key = in.substr(2 + length_bytes, mask_key_size);
    const std::string_view payload = in.substr(header_size, payload_size);
    consumed_ += header_size + payload_size;

    if (control) {
      std::string unmasked;
      append_unmasked(unmasked, payload, key);
      release_if_drained();  // `key` and `payload` point into buffer_: done with them now
      if (opcode == WsOpcode::ping) return WsInbound{WsInbound::Kind::ping, std::move(unmasked)};
      if (opcode == WsOpcode::pong) return WsInbound{WsInbound::Kind::pong, std::move(unmasked)};
      if (unmasked.empty()) return WsInbound{WsInbound::Kind::close, std::string(), ws_close_no_status};
      if (unmasked.size() == 1) return fail(close_protocol_error, "close frame with a 1-byte payload");
      const auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(unmasked[0]) << 8) |
                                                   static_cast<unsigned char>(unmasked[1]));
      if (!is_valid_close_code(code)) return fail(close_protocol_error, "invalid close code");
      std::string reason = unmasked.substr(2);
      if (!core::is_valid_utf8(reason)) return fail(close_invalid_payload, "invalid UTF-8 in a close reason");
      return WsInbound{WsInbound::Kind::close, std::move(reason), code};
    }

    if (opcode != WsOpcode::continuation) {
      message_open_ = true;
      message_kind_ = opcode == WsOpcode::text ? WsInbound::Kind::text : WsInbound::Kind::binary;
    }
    append_unmasked(message_, payload, key);
    release_if_drained();
    if (!fin) continue;

    message_open_ = false;
    WsInbound message{message_kind_, std::move(message_)};
    release(message_);  // a moved-from string is only "valid but unspecified": make sure it owns nothing
    // Validated whole: a character may be split across fragments.
    if (message.kind == WsInbound::Kind::text && !core::is_valid_utf8(message.payload))
      return fail(close_invalid_payload, "invalid UTF-8 in a text message");
    return message;
  }
}

}  // namespace huddle::net
