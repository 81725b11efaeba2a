#pragma once
// Who sits in which seat, and so plays which role, in which round. Seats are the scenario's roles in the order
// listed, then extra seats for people beyond one per role. Members keep their place in the room's list (the
// seat they take in round 1); with rotation, before every round after the first everyone moves one seat along
// the list and the person in the last seat moves to the first (scenarios/README.md, `rotation`). That way the
// observer, who has just watched the first role played and ticked its checklist, plays it next, and whoever
// played it moves on to the other side of the conversation; with as many rounds as members, everyone sits in
// every seat once.
#include <cstddef>
#include <string>
#include <vector>

namespace huddle::core {

// The seat of the member at `position` in a room of `room_size`, in `round` (from 0). Without rotation, the
// position itself in every round.
std::size_t seat_for(std::size_t position, std::size_t room_size, int round, bool rotation);

// The role (index into the scenario's roles) of the member at `position` in `round`. Seats beyond the roles
// take the last role (the observer, in a typical script): a room of 4 for manager / direct report / observer
// has two observers. A room smaller than the role list leaves the last roles unplayed.
std::size_t role_for(std::size_t position, std::size_t room_size, std::size_t role_count, int round, bool rotation);

// The members in the order of the seats they sit in during `round`: the list a room reused by a later
// role-play starts from, so everyone begins where they ended (forming "reuse").
std::vector<std::string> seated_order(const std::vector<std::string>& members, int round, bool rotation);

}  // namespace huddle::core
