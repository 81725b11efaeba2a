#pragma once
// What a node running sessions sends back to an edge in one Redis PUBLISH: replies, pushes and closes for
// the edge's connections, in the order they were made. A push goes once per frame, with the list of the
// edge's connections it is for, never once per connection (the edge fans it out with its own shared-frame
// path). Binary and length-prefixed, little-endian: frames are JSON text of any size and never parsed here.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hub/topic.hpp"

namespace huddle::cluster {

class EdgeBatchWriter {
 public:
  void reply(std::uint64_t connection, std::string_view text);
  // `whole` is set when `payload` is a patch (hub/push_frame.hpp): the push that stands in for it.
  void push(hub::Topic topic, const std::vector<std::uint64_t>& connections, std::string_view payload,
            std::optional<std::string_view> whole);
  void close(std::uint64_t connection, std::uint16_t code, std::string_view reason);
  bool empty() const noexcept { return bytes_.empty(); }
  std::string take() { return std::exchange(bytes_, {}); }

 private:
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void text(std::string_view t);
  std::string bytes_;
};

struct EdgeRecord {
  enum class Kind : std::uint8_t { reply = 1, push = 2, close = 3 };
  Kind kind = Kind::reply;
  std::vector<std::uint64_t> connections;
  hub::Topic topic = hub::Topic::session;
  std::uint16_t close_code = 0;
  std::string_view text;                  // reply text, push payload, close reason (into the batch's bytes)
  std::optional<std::string_view> whole;  // push: the whole push a patch stands for
};

// Hands each record of a batch to `visit`, in order. False if the batch is malformed (then some records may
// have been visited).
bool read_edge_batch(std::string_view batch, const std::function<void(const EdgeRecord&)>& visit);

}  // namespace huddle::cluster
