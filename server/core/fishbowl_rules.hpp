#pragma once
// The rules of feedback fishbowls inside a session: decide_x() checks one fishbowl command against the state
// (pure), apply_fishbowl() folds fishbowl events in. decide()/apply() in rules.hpp call these, as they call the
// breakout rules in breakout_rules.hpp.
#include <cstddef>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/command.hpp"
#include "core/event.hpp"
#include "core/millis.hpp"
#include "core/outcome.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

// Limits of the outer circle's observations (PROTOCOL.md, "Limits").
inline constexpr std::size_t max_observation_chars = 500;
inline constexpr std::size_t max_observations_per_person = 20;  // per fishbowl
inline constexpr std::size_t max_observations_per_fishbowl = 2000;
// Anonymous observations are held until this many different people of the outer circle have written (K, as
// a cards board's releaseThreshold), then go out together, shuffled. Fishbowl scenarios have no K of their
// own, so this is it.
inline constexpr std::size_t observation_release_writers = 3;

// How many people could write observations now: active participants not in an inner seat (the queue is
// still the outer circle). When this is below K, K different writers can never be reached.
std::size_t outer_circle_size(const SessionState& s, const Fishbowl& f);

// The fishbowl of the current phase, if the phase is a fishbowl.
const Fishbowl* current_fishbowl(const SessionState& s);

Outcome decide_tap_in(const SessionState& s, const Actor& actor, const TapIn& c, Millis now);
Outcome decide_tap_out(const SessionState& s, const Actor& actor, Millis now);
Outcome decide_seat(const SessionState& s, const SeatInFishbowl& c, Millis now);
Outcome decide_unseat(const SessionState& s, const UnseatFromFishbowl& c, Millis now);
Outcome decide_write_observation(const SessionState& s, const Actor& actor, const WriteObservation& c);
Outcome decide_surface_observation(const SessionState& s, const SurfaceObservation& c);

// Someone leaving the session frees their seat (the queue moves up when people seat themselves) and their
// place in the queue.
std::vector<Event> fishbowl_leaver_events(const SessionState& s, const std::string& participant_id, Millis now);

// Entering a fishbowl phase sets up its fishbowl (or finds it again); leaving one stands everyone up at `at`.
void change_phase_fishbowl(SessionState& s, std::optional<int> next, Millis at);
void end_fishbowls(SessionState& s, Millis at);
// Folds one fishbowl event into the state; other events are ignored.
void apply_fishbowl(SessionState& s, const Event& event);

}  // namespace huddle::core
