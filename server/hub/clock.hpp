#pragma once
// The hub's source of time, injectable so tests can pin it. Core never reads it; the hub passes `now` in.
#include <chrono>
#include <functional>

#include "core/millis.hpp"

namespace huddle::hub {

using Clock = std::function<core::Millis()>;

inline core::Millis system_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace huddle::hub
