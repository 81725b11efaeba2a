#pragma once
// Rebuilds a session from its journal one event at a time, so a replay holds the live state and one event,
// never the whole history (store::Journal::for_each hands events over as they are read). Each event is
// checked with misfit() before it is applied, as replay() does.
#include <cstddef>

#include "core/event.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

class Replayer {
 public:
  // Applies the next event; throws ReplayError naming it (counting from 1) when it cannot come here.
  void add(const Event& event);
  std::size_t events() const noexcept { return events_; }
  // The session rebuilt so far (an empty state before the first event).
  SessionState& state() noexcept { return state_; }

 private:
  SessionState state_;
  std::size_t events_ = 0;
};

}  // namespace huddle::core
