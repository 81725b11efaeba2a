#pragma once
// One update whose delivery is measured: the version (of a Huddle topic, or a broadcast sequence number)
// that carries it, and when it was sent, the clock the latencies start from.
#include <cstdint>

#include "micros.hpp"

namespace huddle::load {

struct TrackedUpdate {
  std::uint64_t version = 0;
  Micros sent_at = 0;
};

}  // namespace huddle::load
