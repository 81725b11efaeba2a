#pragma once
// The load tool's side of one participant connection in the huddle target: the latest version seen per
// topic and the one request in flight (a participant sends one at a time, as the web client does). Kept
// small: a 10k run holds 10k of these next to their WsClients.
#include <array>
#include <cstdint>

#include "huddle_topic.hpp"
#include "micros.hpp"

namespace huddle::load {

struct Participant {
  enum class Waiting : std::uint8_t { nothing, hello, join, request };

  std::array<std::uint64_t, huddle_topic_count> versions{};
  Micros sent_at = 0;           // when the request in flight was sent
  std::int32_t next_id = 1;
  std::int32_t awaiting_id = 0;
  Waiting waiting = Waiting::nothing;
  bool joined = false;
  bool closed = false;
  bool slow = false;            // stops reading in the "slow" workload

  bool counts() const { return joined && !closed; }
  std::uint64_t version(HuddleTopic topic) const { return versions[static_cast<std::size_t>(topic)]; }
};

}  // namespace huddle::load
