#pragma once
// Participants' `room` views as JSON text, many at once (a step change re-renders every member of every room
// that moved on: 2,000 views at 2,000 people). Every view is the same base (the phase's situation, timeline and
// the rooms' status) around the participant's own room entry, so the base is serialized once and each view is
// that text with the entry (core::RoomEntryWriter, which writes what entries share once too) spliced into its
// `room` member (issue 19: building and serializing each view whole took 80 ms of CPU per step at 2,000).
#include <string>

#include "core/breakouts/room_entry_writer.hpp"
#include "core/session_state.hpp"

namespace huddle::hub {

class RoomViewText {
 public:
  // Reads `state` as it is now; use it while the state does not change.
  explicit RoomViewText(const core::SessionState& state);

  // The text of core::room_view(state, participant_id).
  std::string of(const std::string& participant_id);

 private:
  core::RoomEntryWriter entries_;
  std::string base_;         // the base, with "room":null
  std::size_t room_at_ = 0;  // where the null of "room":null is in base_ (npos: the view is null, not a role-play)
};

}  // namespace huddle::hub
