#pragma once
// The journal edit that makes a poll's switch to anonymous true in storage (poll.hpp, "Named to anonymous"):
// a BallotsRekeyed event holds the poll's whole ballot set under anonymous keys, so every ballot event of that
// poll before it (cast with a participant id and a name, or withdrawn under one) is history nobody needs and
// nobody may keep. Replaying the result gives the same state as replaying the original.
#include <optional>
#include <vector>

#include "core/event.hpp"

namespace huddle::core {

// `history` without the ballot events that a later BallotsRekeyed of the same poll supersedes; nothing when
// there are none (the history is already clean).
std::optional<std::vector<Event>> forget_named_ballots(const std::vector<Event>& history);

}  // namespace huddle::core
