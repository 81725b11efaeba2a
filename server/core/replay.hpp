#pragma once
// Rebuilding a session from its journal. apply() trusts every event, as it must for the ones decide() just
// made; a journal read back from disk may be damaged or foreign, so replay() first asks of each event
// whether decide() could have made it in the state so far, and refuses the whole journal when not: a
// session is never rebuilt from a guess (the value ranges themselves are checked by store::event_from_json).
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

struct ReplayError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Why `event` cannot come next in the journal of a session now in `state`; nullopt when it can.
std::optional<std::string> misfit(const SessionState& state, const Event& event);

// The session the events rebuild: an empty state for no events. Throws ReplayError naming the first event
// (counting from 1) that cannot come where it is.
SessionState replay(const std::vector<Event>& events);

}  // namespace huddle::core
