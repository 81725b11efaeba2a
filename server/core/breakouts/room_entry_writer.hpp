#pragma once
// The `room` member of participants' room views (PROTOCOL.md, topic `room`), written as JSON text (json_text.hpp)
// for many participants at once: a step change re-renders every member of every room that moved on, 2,000 views
// at 2,000 people. What those views share is written once: each role's brief and checklist (a brief is a
// kilobyte) and each room's observers' notes; the rest is a few small members per person. This is the one
// definition of the entry: core::room_view() reads its text back.
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/breakouts/breakouts.hpp"
#include "core/breakouts/roleplay_settings.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

class RoomEntryWriter {
 public:
  // Reads `state` as it is now; use it while the state does not change.
  explicit RoomEntryWriter(const SessionState& state);

  // The entry of this participant's room, as JSON text: "null" while they are in no room (or no role-play is on).
  std::string of(const std::string& participant_id);

 private:
  const std::string& observations(std::size_t room);

  const SessionState& state_;
  std::shared_ptr<const RoleplaySettings> settings_;
  const Breakouts* breakouts_ = nullptr;
  std::vector<std::string> roles_;  // each role's {brief, id, name}
  std::vector<std::string> items_;  // each role's checklist items
  std::unordered_map<std::size_t, std::string> observations_;  // by room, once asked for
};

}  // namespace huddle::core
