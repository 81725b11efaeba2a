#pragma once
// What people see of the fishbowl on screen (PROTOCOL.md, topics `activity` and `console`). The views name the
// people in the seats and the queue, never the author of an anonymous observation (there is none to name).
#include <nlohmann/json.hpp>

#include "core/session_state.hpp"

namespace huddle::core {

// The current phase's fishbowl as everyone sees it: seats, queue, talk-time, surfaced observations. Null
// when the phase is not a fishbowl.
nlohmann::json fishbowl_public_view(const SessionState& s);
// The same for the facilitator, plus every observation, newest first.
nlohmann::json fishbowl_console_view(const SessionState& s);
// Every fishbowl of the session, for the report: each person's time in the inner circle until `now` (a turn
// still going counts so far) and its share, and the observations.
nlohmann::json fishbowl_report(const SessionState& s, Millis now);

}  // namespace huddle::core
