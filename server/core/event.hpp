#pragma once
// What happened to a session. The structs are the alternatives of Event and live together; apply() folds
// them into SessionState and the journal stores the durable ones.
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/millis.hpp"
#include "core/scenario.hpp"

namespace huddle::core {

struct SessionCreated {
  std::string code;
  std::string facilitator_key_hash;
  std::shared_ptr<const Scenario> scenario;
  std::size_t max_participants = 0;
  Millis at = 0;
};
struct ParticipantJoined {
  std::string participant_id;
  std::string name;
  std::string token_hash;
  Millis at = 0;
};
struct ParticipantLeft {
  std::string participant_id;
  bool removed = false;  // by the facilitator, rather than by choice
  Millis at = 0;
};
struct PresenceChanged {  // not journaled: after a restart nobody is connected until they come back
  std::string participant_id;
  int delta = 0;  // +1 a connection opened, -1 one closed
};
struct PhaseChanged {
  std::optional<int> phase;
  Millis at = 0;
};
struct SessionEnded {
  Millis at = 0;
};
struct TimerPaused {
  Millis at = 0;
};
struct TimerResumed {
  Millis at = 0;
};
struct TimerExtended {
  Millis by_ms = 0;
  Millis at = 0;
};
struct TimerWarned {  // the phase is almost over
  Millis at = 0;
};
struct TimerExpired {
  Millis at = 0;
};

using Event = std::variant<SessionCreated, ParticipantJoined, ParticipantLeft, PresenceChanged, PhaseChanged,
                           SessionEnded, TimerPaused, TimerResumed, TimerExtended, TimerWarned, TimerExpired>;

// Whether an event must reach the journal before the request that caused it is acknowledged.
bool is_durable(const Event& event) noexcept;

}  // namespace huddle::core
