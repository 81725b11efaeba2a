#pragma once
// A quick poll: one the facilitator launches on the spot, outside the script. It is checked against the same
// rules as a scenario's poll activity, with messages the facilitator can act on in the middle of a session.
#include <variant>

#include <nlohmann/json.hpp>

#include "core/polls/poll_settings.hpp"
#include "core/rejection.hpp"

namespace huddle::core {

// The settings of the poll described by `request` (the fields of a poll activity; "kind" may be left out),
// or an invalid_field Rejection naming the first problem. Question and option texts are trimmed.
std::variant<PollSettings, Rejection> validate_quick_poll(const nlohmann::json& request);

// The request that launches a poll with `settings`: the inverse of validate_quick_poll, so journal replay
// can hold a stored quick poll to the rules it was launched under.
nlohmann::json quick_poll_request(const PollSettings& settings);

}  // namespace huddle::core
