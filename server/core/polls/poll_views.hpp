#pragma once
// What each audience sees of a poll (the `data` of its topic). Pure JSON builders; the hub serializes each once
// per audience. No view ever carries a voter key, and only the facilitator's view of a named poll carries names.
#include <string>

#include <nlohmann/json.hpp>

#include "core/polls/poll.hpp"

namespace huddle::core {

// For everyone in the session: the question, kind, options or scale, whether it is open, how many have voted,
// and the results only when they are live or revealed. Never names, never keys.
nlohmann::json poll_public_view(const Poll& poll);

// For the facilitator: the public view plus the results at all times and, for a named poll only, each voter's
// name with their ballot ("answers", sorted by name). An anonymous poll's view has no names and no keys.
nlohmann::json poll_facilitator_view(const Poll& poll);

// For one voter: their own current ballot (null if none), to refill their form after a reconnect.
nlohmann::json poll_own_ballot_view(const Poll& poll, const std::string& voter_key);

}  // namespace huddle::core
