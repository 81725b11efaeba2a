#pragma once
// Who plays which role in which round. Members keep their place in the room; the roles move one place each
// round, so with as many rounds as members everyone plays every role once.
#include <cstddef>
#include <optional>

namespace huddle::core {

// The role (index into the scenario's roles) of the member at `position` in a room of `room_size`, in `round`
// (from 0). Places beyond the roles take the last role (the observer, in a typical script): a room of 4 for
// manager / direct report / observer has two observers. A room smaller than the role list leaves the last
// roles unplayed. Without rotation, round 0's roles hold in every round.
std::size_t role_for(std::size_t position, std::size_t room_size, std::size_t role_count, int round, bool rotation);

}  // namespace huddle::core
