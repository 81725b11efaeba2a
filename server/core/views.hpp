#pragma once
// Views are projections of the state per audience (PROTOCOL.md, "Pushes"). Each returns the topic's `data`
// object; the hub serializes it once and shares the bytes with every connection of that audience.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/session_state.hpp"

namespace huddle::core {

nlohmann::json session_view(const SessionState& state);
// Everyone in the session, with how many are here and online (the facilitator's roster).
nlohmann::json roster_view(const SessionState& state);
// The same for participants: the first `limit` people in join order (see core/limits.hpp).
nlohmann::json roster_preview_view(const SessionState& state, std::size_t limit);
// The same as JSON text, written directly (what the hub pushes).
std::string roster_text(const SessionState& state, std::size_t limit);
// What a participant's own view needs that only the hub knows: the anonymous voter keys it derived from
// their secret for the poll and the board on screen, and how many more cards and fishbowl observations they
// may write.
struct VoterContext {
  std::string poll_key;   // for the active poll
  std::string board_key;  // for the current phase's board
  std::optional<std::size_t> cards_left;
  std::optional<std::size_t> observations_left;  // in the current phase's fishbowl
};

nlohmann::json me_view(const SessionState& state, const std::string& participant_id, const VoterContext& voter);
// The poll and board on screen, as every participant sees them (PROTOCOL.md, topic `activity`).
nlohmann::json activity_view(const SessionState& state);
// The facilitator's panel: full results, moderation, every poll so far (topic `console`).
nlohmann::json console_view(const SessionState& state);
// Without the breakout rooms' entries (`breakouts.rooms` empty): the hub adds them from its cache.
nlohmann::json console_view(const SessionState& state, bool room_entries);
nlohmann::json facilitator_view(const SessionState& state);
// A participant's breakout room (topic `room`): see core/breakouts/breakout_views.hpp.

}  // namespace huddle::core
