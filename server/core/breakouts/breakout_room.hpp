#pragma once
// One breakout room of a roleplay phase: who is in it (in the order that fixes their roles), and where its
// own clock stands. Rooms keep separate clocks because the facilitator may give one room more time.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/millis.hpp"

namespace huddle::core {

// What one observer noted in one round: the checklist items they ticked (by index) and a free note.
struct ChecklistEntry {
  std::vector<int> ticked;
  std::string note;
};

struct BreakoutRoom {
  std::vector<std::string> members;  // participant ids; a member's index is their place (role_rotation.hpp)
  int round = 0;                     // from 0
  int step = 0;                      // index into the timeline
  Millis deadline = 0;               // when the current step ends (while running)
  bool done = false;                 // every round played
  Millis help_since = 0;             // a member asked for the facilitator (0: no request open)
  Millis remaining_ms = 0;           // time its step had left when the rounds were interrupted
  // By (round, observer's participant id).
  std::map<std::pair<int, std::string>, ChecklistEntry> checklists;

  std::optional<std::size_t> place_of(const std::string& participant_id) const;
};

}  // namespace huddle::core
