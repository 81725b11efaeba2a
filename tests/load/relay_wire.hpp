#pragma once
// The records between huddle-load and its relays (RelayLink, RelayWorker) over one Unix stream socket. Each
// record is a 4-byte length (of what follows), a kind, then its fields in this machine's byte order (both ends
// are the same binary on the same machine): integers as they are, strings as a 4-byte length and the bytes.
//   to the relay:   open(index, server address and port, source address, receive buffer, host, target),
//                   send(index, text), pause(index), resume(index), close(index)
//   from the relay: opened(index, error: empty when open), message(index, arrival time, size, head, tail),
//                   closed(index, reason)
// A message keeps what a client here would keep of it (WsMessage): its first and last bytes, size and the
// time the relay read it, on the monotonic clock both processes share.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace huddle::load::relay_wire {

enum class Kind : std::uint8_t { open = 1, send, pause, resume, close, opened, message, closed };

class Writer {
 public:
  explicit Writer(std::string& out, Kind kind) : out_(out), start_(out.size()) {
    out_.append(4, '\0');
    put(static_cast<std::uint8_t>(kind));
  }
  ~Writer() {
    const auto length = static_cast<std::uint32_t>(out_.size() - start_ - 4);
    std::memcpy(out_.data() + start_, &length, 4);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  template <class T>
  Writer& put(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
    return *this;
  }
  Writer& put(std::string_view text) {
    put(static_cast<std::uint32_t>(text.size()));
    out_.append(text);
    return *this;
  }

 private:
  std::string& out_;
  std::size_t start_;
};

class Reader {
 public:
  explicit Reader(std::string_view record) : rest_(record) {}
  template <class T>
  T get() {
    T value;
    need(sizeof value);
    std::memcpy(&value, rest_.data(), sizeof value);
    rest_.remove_prefix(sizeof value);
    return value;
  }
  std::string_view text() {
    const auto size = get<std::uint32_t>();
    need(size);
    const auto out = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return out;
  }

 private:
  void need(std::size_t bytes) const {
    if (rest_.size() < bytes) throw std::runtime_error("relay: a record ends too early");
  }
  std::string_view rest_;
};

// Calls `each(kind, Reader)` for every whole record at the front of `buffer` and drops them from it.
template <class Each>
void for_each_record(std::string& buffer, Each&& each) {
  std::size_t at = 0;
  while (buffer.size() - at >= 4) {
    std::uint32_t length;
    std::memcpy(&length, buffer.data() + at, 4);
    if (buffer.size() - at - 4 < length) break;
    std::string_view record(buffer.data() + at + 4, length);
    if (record.empty()) throw std::runtime_error("relay: an empty record");
    const auto kind = static_cast<Kind>(static_cast<std::uint8_t>(record.front()));
    each(kind, Reader(record.substr(1)));
    at += 4 + length;
  }
  buffer.erase(0, at);
}

}  // namespace huddle::load::relay_wire
