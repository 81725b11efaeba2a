#pragma once
// A poll as the session holds it: the poll itself and where it came from (a phase of the script, or a
// facilitator's quick poll), with the moment its own timer closes it.
#include <optional>

#include "core/millis.hpp"
#include "core/polls/poll.hpp"

namespace huddle::core {

struct PollSlot {
  Poll poll;
  bool quick = false;
  std::optional<int> phase;           // the phase whose activity it is; empty for a quick poll
  std::optional<Millis> closes_at;    // set while open with a timerSeconds
};

}  // namespace huddle::core
