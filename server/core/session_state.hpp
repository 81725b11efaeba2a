#pragma once
// Everything a session is, folded from its events. Owned by one strand; core code only reads it in
// decide() and changes it in apply().
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/activity_state.hpp"
#include "core/millis.hpp"
#include "core/participant.hpp"
#include "core/phase_timer.hpp"
#include "core/scenario.hpp"
#include "core/session_status.hpp"

namespace huddle::core {

struct SessionState {
  std::string code;
  std::string facilitator_key_hash;
  std::string projector_key_hash;  // opens the projector view only; "" when the session has no projector code
  std::shared_ptr<const Scenario> scenario;
  SessionStatus status = SessionStatus::lobby;
  std::optional<int> phase;  // index into scenario->phases; empty in the lobby
  Millis created_at = 0;
  Millis phase_started_at = 0;
  std::optional<PhaseTimer> timer;  // set while the current phase has a duration
  std::size_t max_participants = 0;
  bool locked = false;  // no new joins (resumes still work)

  std::vector<Participant> participants;                        // in join order, including those who left
  std::unordered_map<std::string, std::size_t> by_id;           // participant id -> index
  std::unordered_map<std::string, std::string> by_token_hash;   // active participants only
  std::unordered_map<std::string, int> names_in_use;            // folded name -> active holders
  std::size_t active_count = 0;
  std::size_t online_count = 0;

  ActivityState activity;  // polls and confusion-card boards

  // Every phase start, in order (going back to a phase starts it again), for the report's agenda.
  struct PhaseVisit {
    int phase = 0;
    Millis started_at = 0;
  };
  std::vector<PhaseVisit> phase_log;
  Millis ended_at = 0;  // when the session ended (0 while it runs)
  std::string announcement;  // the facilitator's latest message to everyone ("" for none)
  Millis announced_at = 0;

  const Participant* find(const std::string& participant_id) const;
  Participant* find(const std::string& participant_id);
  // The active participant a resume token hash belongs to, or nullptr.
  const Participant* find_by_token_hash(const std::string& token_hash) const;
};

}  // namespace huddle::core
