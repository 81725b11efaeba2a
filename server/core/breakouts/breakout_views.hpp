#pragma once
// What each audience sees of the breakout rooms of the current roleplay phase.
//   room_view: one participant's own room (topic `room`): room mates and their roles, their own role with its
//     private brief (nobody else's brief, ever), the observer checklist when they observe, the room's clock,
//     and the observers' notes of their own room.
//   breakouts_console_view: every room at a glance for the facilitator (part of topic `console`), with the
//     briefs the facilitator wrote, help requests and the checklist roll-up.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "core/session_state.hpp"

namespace huddle::core {

// null when the current phase is not a roleplay.
nlohmann::json room_view(const SessionState& state, const std::string& participant_id);
// What every participant's room view holds alike (the phase, its situation and timeline, the rooms' status), with
// `room` null: the view of someone in no room, and the base the hub splices each entry into (RoomViewText). The
// entry itself is RoomEntryWriter's (room_entry_writer.hpp).
nlohmann::json room_view_base(const SessionState& state);
// A room's observers' notes, round by round, with the ticked items spelt out.
nlohmann::json room_observations(const SessionState& state, std::size_t room);
nlohmann::json breakouts_console_view(const SessionState& state);
// The same in parts, so a large console can keep each room's entry until that room changes (hub/
// console_rooms.hpp): everything but the rooms (`rooms` empty), how many rooms, and one room's entry.
nlohmann::json breakouts_console_head(const SessionState& state);
std::size_t breakouts_console_room_count(const SessionState& state);
nlohmann::json breakouts_console_room(const SessionState& state, std::size_t index);
// Every roleplay phase that formed rooms, for the session report: rooms, people placed, rounds played, the
// observers' checklist roll-up and their notes.
nlohmann::json breakouts_report(const SessionState& state);

}  // namespace huddle::core
