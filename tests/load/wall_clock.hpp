#pragma once
// The server's times on the load tool's clock. The server states deadlines in wall-clock milliseconds since
// the Unix epoch (system_clock), and the tool stamps arrivals in microseconds of the monotonic clock
// (now_us()). Both clocks are read once, side by side, and the offset is kept: on one machine both follow
// the same kernel, so a deadline converts to within a few microseconds, and a later step of the wall clock
// (NTP) does not move the arrival times already taken.
#include <chrono>
#include <cstdint>

#include "micros.hpp"

namespace huddle::load {

class WallClock {
 public:
  WallClock() {
    using namespace std::chrono;
    const auto wall = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    const auto steady = now_us();
    offset_us_ = wall - steady;
  }

  // now_us() at the wall-clock time `wall_ms`.
  Micros steady_us(std::int64_t wall_ms) const { return wall_ms * 1000 - offset_us_; }

 private:
  std::int64_t offset_us_ = 0;
};

}  // namespace huddle::load
