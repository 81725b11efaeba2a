#pragma once
// Time in the load tool: microseconds on the monotonic clock, as plain integers so per-client logs stay
// small and arithmetic on them is exact.
#include <chrono>
#include <cstdint>

namespace huddle::load {

using Micros = std::int64_t;

inline Micros now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace huddle::load
