#include "cluster/edge_batch.hpp"

#include <utility>

namespace huddle::cluster {

void EdgeBatchWriter::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void EdgeBatchWriter::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void EdgeBatchWriter::text(std::string_view t) {
  u32(static_cast<std::uint32_t>(t.size()));
  bytes_.append(t);
}

void EdgeBatchWriter::reply(std::uint64_t connection, std::string_view t) {
  u8(static_cast<std::uint8_t>(EdgeRecord::Kind::reply));
  u64(connection);
  text(t);
}

void EdgeBatchWriter::push(hub::Topic topic, const std::vector<std::uint64_t>& connections, std::string_view payload,
                           std::optional<std::string_view> whole) {
  u8(static_cast<std::uint8_t>(EdgeRecord::Kind::push));
  u8(static_cast<std::uint8_t>(topic));
  u32(static_cast<std::uint32_t>(connections.size()));
  for (auto c : connections) u64(c);
  text(payload);
  u8(whole ? 1 : 0);
  if (whole) text(*whole);
}

void EdgeBatchWriter::close(std::uint64_t connection, std::uint16_t code, std::string_view reason) {
  u8(static_cast<std::uint8_t>(EdgeRecord::Kind::close));
  u64(connection);
  u32(code);
  text(reason);
}

namespace {

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const noexcept { return at_ == bytes_.size(); }
  bool u8(std::uint8_t& v) {
    if (bytes_.size() - at_ < 1) return false;
    v = static_cast<std::uint8_t>(bytes_[at_++]);
    return true;
  }
  template <class T>
  bool uint(T& v, int size) {
    if (bytes_.size() - at_ < static_cast<std::size_t>(size)) return false;
    std::uint64_t out = 0;
    for (int i = 0; i < size; ++i) out |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[at_ + i])) << (8 * i);
    at_ += static_cast<std::size_t>(size);
    v = static_cast<T>(out);
    return true;
  }
  bool text(std::string_view& t) {
    std::uint32_t size = 0;
    if (!uint(size, 4) || bytes_.size() - at_ < size) return false;
    t = bytes_.substr(at_, size);
    at_ += size;
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

bool read_edge_batch(std::string_view batch, const std::function<void(const EdgeRecord&)>& visit) {
  Reader in(batch);
  EdgeRecord record;
  while (!in.done()) {
    std::uint8_t kind = 0;
    if (!in.u8(kind)) return false;
    record.connections.clear();
    record.whole.reset();
    record.kind = static_cast<EdgeRecord::Kind>(kind);
    switch (record.kind) {
      case EdgeRecord::Kind::reply: {
        std::uint64_t c = 0;
        if (!in.uint(c, 8) || !in.text(record.text)) return false;
        record.connections.push_back(c);
        break;
      }
      case EdgeRecord::Kind::push: {
        std::uint8_t topic = 0, has_whole = 0;
        std::uint32_t count = 0;
        if (!in.u8(topic) || topic >= hub::topic_count || !in.uint(count, 4)) return false;
        if (count > batch.size() / 8) return false;  // cannot hold that many ids
        record.topic = static_cast<hub::Topic>(topic);
        record.connections.resize(count);
        for (auto& c : record.connections) {
          if (!in.uint(c, 8)) return false;
        }
        if (!in.text(record.text) || !in.u8(has_whole)) return false;
        if (has_whole) {
          std::string_view whole;
          if (!in.text(whole)) return false;
          record.whole = whole;
        }
        break;
      }
      case EdgeRecord::Kind::close: {
        std::uint64_t c = 0;
        std::uint32_t code = 0;
        if (!in.uint(c, 8) || !in.uint(code, 4) || !in.text(record.text)) return false;
        record.connections.push_back(c);
        record.close_code = static_cast<std::uint16_t>(code);
        break;
      }
      default:
        return false;
    }
    visit(record);
  }
  return true;
}

}  // namespace huddle::cluster
