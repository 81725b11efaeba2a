#pragma once
// Views are projections of the state per audience (PROTOCOL.md, "Pushes"). Each returns the topic's `data`
// object; the hub serializes it once and shares the bytes with every connection of that audience.
#include <string>

#include <nlohmann/json.hpp>

#include "core/session_state.hpp"

namespace huddle::core {

nlohmann::json session_view(const SessionState& state);
nlohmann::json roster_view(const SessionState& state);
nlohmann::json me_view(const SessionState& state, const std::string& participant_id);
nlohmann::json facilitator_view(const SessionState& state);

}  // namespace huddle::core
