#pragma once
// The session's rules: decide() validates and authorises a command against the state and returns the
// events it causes; apply() folds an event into the state and cannot fail. Replaying a journal through
// apply() rebuilds a session exactly.
#include <memory>
#include <optional>

#include "core/actor.hpp"
#include "core/command.hpp"
#include "core/event.hpp"
#include "core/millis.hpp"
#include "core/outcome.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

// The role a command needs. Table-driven tests walk every Command alternative through this.
Actor::Kind required_role(const Command& command) noexcept;

Outcome decide(const SessionState& state, const Actor& actor, const Command& command, Millis now);

void apply(SessionState& state, const Event& event);

// When the session next needs a Tick (a warning or a deadline is due), if ever. The hub arms a timer for it.
std::optional<Millis> next_wakeup(const SessionState& state);

// How long before the end of a phase of this length "time is almost up" is announced.
Millis warning_lead_ms(Millis duration_ms);

// The first event of every session. `projector_key_hash`: see SessionCreated ("" for none).
SessionCreated create_session(std::string code, std::string facilitator_key_hash,
                              std::shared_ptr<const Scenario> scenario, std::size_t max_participants, Millis now,
                              std::string projector_key_hash = {});

}  // namespace huddle::core
