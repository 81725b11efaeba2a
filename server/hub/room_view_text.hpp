#pragma once
// Participants' `room` views as JSON text, many at once (a step change re-renders every member of every room
// that moved on: 2,000 views at 2,000 people). Every view is the same base (the phase's situation, timeline and
// the rooms' status) around the participant's own room entry, and every entry holds its role's brief and
// checklist, which all in that role share, and its room's observers' notes, which the room shares. So the base,
// each role's parts and each room's notes are serialized once, and a view is the participant's small entry with
// those texts spliced in (issue 19: building and serializing each view
// whole made a step change take 80 ms of CPU at 2,000).
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/breakouts/roleplay_settings.hpp"
#include "core/session_state.hpp"

namespace huddle::hub {

class RoomViewText {
 public:
  explicit RoomViewText(const core::SessionState& state);

  // The text of core::room_view(state, participant_id).
  std::string of(const std::string& participant_id) const;

 private:
  const core::SessionState& state_;
  std::shared_ptr<const core::RoleplaySettings> settings_;
  std::string base_;         // the base, with "room":null
  std::size_t room_at_ = 0;  // where "room":null starts in base_ (npos: the view is null, not a role-play)
  std::vector<std::string> roles_;  // each role's {id, name, brief}
  std::vector<std::string> items_;  // each role's checklist items
  mutable std::unordered_map<std::size_t, std::string> observations_;  // each room's notes, once asked for
};

}  // namespace huddle::hub
