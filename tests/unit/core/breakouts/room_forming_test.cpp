// Forming breakout rooms: balanced for every head count a workshop may have, never a room of one when two or
// more are present, everyone placed exactly once, and "new partners" really avoids repeating pairs.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "core/breakouts/room_forming.hpp"

namespace huddle::core {
namespace {

std::vector<std::string> people(std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) ids.push_back("p" + std::to_string(i));
  return ids;
}

TEST(RoomForming, EveryHeadCountFrom2To500GivesBalancedRoomsWithEveryoneOnce) {
  for (int group = 2; group <= 5; ++group) {
    for (std::size_t n = 2; n <= 500; ++n) {
      const auto rooms = form_rooms(people(n), group, n * 31 + static_cast<std::size_t>(group));
      std::multiset<std::string> placed;
      std::size_t smallest = n, largest = 0;
      for (const auto& room : rooms) {
        placed.insert(room.begin(), room.end());
        smallest = std::min(smallest, room.size());
        largest = std::max(largest, room.size());
      }
      ASSERT_EQ(placed.size(), n) << n << " people, groups of " << group;
      ASSERT_EQ(std::set<std::string>(placed.begin(), placed.end()).size(), n) << "someone placed twice";
      ASSERT_LE(largest - smallest, 1u) << n << " people, groups of " << group;
      ASSERT_GE(smallest, std::min<std::size_t>(n, static_cast<std::size_t>(group))) << "a room too small to play, n=" << n;
      ASSERT_EQ(rooms.size(), std::max<std::size_t>(1, n / static_cast<std::size_t>(group)));
    }
  }
}

TEST(RoomForming, LeftoversJoinRoomsInsteadOfMakingASmallOne) {
  // 7 people in groups of 3: rooms of 4 and 3, not 3 + 3 + 1.
  const auto rooms = form_rooms(people(7), 3, 1);
  ASSERT_EQ(rooms.size(), 2u);
  EXPECT_EQ(rooms[0].size() + rooms[1].size(), 7u);
  EXPECT_EQ(std::max(rooms[0].size(), rooms[1].size()), 4u);
  // Fewer people than a group: one room with all of them.
  EXPECT_EQ(form_rooms(people(2), 3, 1).size(), 1u);
}

TEST(RoomForming, TheSameSeedFormsTheSameRoomsAndAnotherSeedShuffles) {
  EXPECT_EQ(form_rooms(people(30), 3, 42), form_rooms(people(30), 3, 42));
  EXPECT_NE(form_rooms(people(30), 3, 42), form_rooms(people(30), 3, 43));
}

TEST(RoomForming, NewPartnersAvoidsPairsThatAlreadyMet) {
  const auto first = form_rooms(people(24), 3, 5);
  const auto again = form_rooms_new_partners(people(24), 3, 6, {first});
  EXPECT_EQ(repeated_pairs(again, {first}), 0u) << "24 people in threes can all meet someone new";
  // Plain shuffles repeat pairs often enough that the test above means something.
  std::size_t repeats = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) repeats += repeated_pairs(form_rooms(people(24), 3, seed), {first});
  EXPECT_GT(repeats, 0u);
}

TEST(RoomForming, NewPartnersDoesItsBestWhenEveryoneHasMetEveryone) {
  // Four people who all met: some pair must repeat; forming still succeeds with everyone placed.
  const auto rooms = form_rooms_new_partners(people(4), 2, 1, {{{"p0", "p1", "p2", "p3"}}});
  std::size_t placed = 0;
  for (const auto& room : rooms) placed += room.size();
  EXPECT_EQ(placed, 4u);
}

TEST(RoomForming, ANewcomerJoinsTheSmallestRoom) {
  EXPECT_EQ(room_for_newcomer({{"a", "b", "c"}, {"d", "e"}, {"f", "g", "h"}}), 1u);
  EXPECT_EQ(room_for_newcomer({{"a", "b"}, {"c", "d"}}), 0u);
}

}  // namespace
}  // namespace huddle::core
