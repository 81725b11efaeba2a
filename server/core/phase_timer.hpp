#pragma once
// The countdown of the current phase, kept as absolute server times so every browser shows the same clock.
#include <optional>

#include "core/millis.hpp"

namespace huddle::core {

struct PhaseTimer {
  Millis duration_ms = 0;              // as planned, plus any time the facilitator added
  std::optional<Millis> deadline;      // while running
  std::optional<Millis> remaining_ms;  // while paused
  bool warned = false;                 // "time is almost up" has been announced
  bool time_up = false;

  bool running() const noexcept { return deadline.has_value() && !time_up; }
};

}  // namespace huddle::core
