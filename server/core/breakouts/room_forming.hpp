#pragma once
// Splitting people into breakout rooms. Pure and seeded: the hub draws the seed, the event keeps the result,
// so replay never forms rooms again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace huddle::core {

using RoomLists = std::vector<std::vector<std::string>>;  // participant ids, room by room

// Balanced rooms for `group_size`: as many rooms as fit whole groups (at least one), sizes differing by at most
// one, so leftovers join existing rooms (a role-play for 3 gets rooms of 3 and 4, never a room of 1 or 2 that
// cannot play). Fewer people than a group make one room. Order inside each room is shuffled by `seed`.
RoomLists form_rooms(std::vector<std::string> people, int group_size, std::uint64_t seed);

// Like form_rooms, but among `attempts` seeded shuffles keeps the one that puts the fewest pairs together who
// already shared a room in `earlier` ("new partners").
RoomLists form_rooms_new_partners(std::vector<std::string> people, int group_size, std::uint64_t seed,
                                  const std::vector<RoomLists>& earlier, int attempts = 64);

// How many pairs in `rooms` already met in `earlier`.
std::size_t repeated_pairs(const RoomLists& rooms, const std::vector<RoomLists>& earlier);

// The room a newcomer joins: the smallest (the first of equals).
std::size_t room_for_newcomer(const RoomLists& rooms);

}  // namespace huddle::core
