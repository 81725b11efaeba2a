// Role rotation: with as many rounds as members, everyone plays every place once; extra members observe;
// without rotation the first round's roles hold; and the direction, as a table over room sizes and rounds.
#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/breakouts/role_rotation.hpp"

namespace huddle::core {
namespace {

TEST(RoleRotation, InARoomOfThreeEveryonePlaysEveryRoleOverThreeRounds) {
  for (std::size_t member = 0; member < 3; ++member) {
    std::set<std::size_t> played;
    for (int round = 0; round < 3; ++round) played.insert(role_for(member, 3, 3, round, true));
    EXPECT_EQ(played, (std::set<std::size_t>{0, 1, 2})) << "member " << member;
  }
  for (int round = 0; round < 3; ++round) {
    std::set<std::size_t> roles;
    for (std::size_t member = 0; member < 3; ++member) roles.insert(role_for(member, 3, 3, round, true));
    EXPECT_EQ(roles.size(), 3u) << "every role is played once in round " << round;
  }
}

TEST(RoleRotation, ExtraMembersTakeTheLastRoleAndStillRotate) {
  // A room of 4 for manager / report / observer: two observers each round, and over four rounds each member
  // is manager once and direct report once.
  std::map<std::size_t, std::map<std::size_t, int>> played;  // member -> role -> rounds
  for (int round = 0; round < 4; ++round) {
    std::map<std::size_t, int> count;
    for (std::size_t member = 0; member < 4; ++member) {
      const auto role = role_for(member, 4, 3, round, true);
      ++count[role];
      ++played[member][role];
    }
    EXPECT_EQ(count[0], 1);
    EXPECT_EQ(count[1], 1);
    EXPECT_EQ(count[2], 2);
  }
  for (std::size_t member = 0; member < 4; ++member) {
    EXPECT_EQ(played[member][0], 1) << member;
    EXPECT_EQ(played[member][1], 1) << member;
  }
}

TEST(RoleRotation, ASmallRoomLeavesTheLastRolesOutAndNoRotationKeepsRoles) {
  EXPECT_EQ(role_for(0, 2, 3, 0, true), 0u);
  EXPECT_EQ(role_for(1, 2, 3, 0, true), 1u);
  for (int round = 0; round < 5; ++round) EXPECT_EQ(role_for(1, 3, 3, round, false), 1u);
}

}  // namespace
}  // namespace huddle::core

namespace huddle::core {
namespace {

// The guide's promise as a table over room sizes 2-5 and rounds 1-5 (scenarios/README.md, `rotation`): seats
// are the roles in the order listed; before every round after the first, everyone moves one seat along the
// list, and the person in the last seat moves to the first. With one role per seat, a member's role is their
// seat.
struct Seating {
  std::size_t room_size;
  int rounds;
};

void PrintTo(const Seating& seating, std::ostream* out) {
  *out << "a room of " << seating.room_size << ", " << seating.rounds << " rounds";
}

class RotationTable : public ::testing::TestWithParam<Seating> {};

TEST_P(RotationTable, EachRoundEveryoneMovesOneSeatAlongAndTheLastSeatMovesToTheFirst) {
  const auto [n, rounds] = GetParam();
  for (std::size_t member = 0; member < n; ++member) {
    EXPECT_EQ(role_for(member, n, n, 0, true), member) << "round 1 is the seat each was given";
    std::set<std::size_t> seats{member};
    for (int round = 1; round < rounds; ++round) {
      const auto before = role_for(member, n, n, round - 1, true);
      const auto after = role_for(member, n, n, round, true);
      EXPECT_EQ(after, (before + 1) % n) << "member " << member << ", round " << round + 1;
      seats.insert(after);
    }
    // As many rounds as seats: every seat once; fewer rounds: a new seat every round.
    EXPECT_EQ(seats.size(), std::min<std::size_t>(n, static_cast<std::size_t>(rounds))) << "member " << member;
  }
  for (int round = 0; round < rounds; ++round) {
    // Whoever sat last in the round before sits first now.
    if (round > 0) {
      for (std::size_t member = 0; member < n; ++member) {
        if (role_for(member, n, n, round - 1, true) == n - 1) {
          EXPECT_EQ(role_for(member, n, n, round, true), 0u) << "member " << member << ", round " << round + 1;
        }
      }
    }
    std::set<std::size_t> taken;
    for (std::size_t member = 0; member < n; ++member) taken.insert(role_for(member, n, n, round, true));
    EXPECT_EQ(taken.size(), n) << "one person per seat in round " << round + 1;
  }
}

TEST_P(RotationTable, WithoutRotationEveryoneKeepsTheirSeat) {
  const auto [n, rounds] = GetParam();
  for (std::size_t member = 0; member < n; ++member) {
    for (int round = 0; round < rounds; ++round) EXPECT_EQ(role_for(member, n, n, round, false), member);
  }
}

// Three roles (manager, report, observer) in rooms of 2-5: extra people share the last role, a room of two
// leaves it out, and the seats still move one along each round.
TEST_P(RotationTable, WithThreeRolesTheSeatsMoveAndExtraSeatsObserve) {
  const auto [n, rounds] = GetParam();
  for (std::size_t member = 0; member < n; ++member) {
    for (int round = 0; round < rounds; ++round) {
      const std::size_t seat = (member + static_cast<std::size_t>(round)) % n;
      EXPECT_EQ(role_for(member, n, 3, round, true), std::min<std::size_t>(seat, 2)) << member << " in round " << round + 1;
    }
  }
}

std::vector<Seating> seatings() {
  std::vector<Seating> all;
  for (std::size_t n = 2; n <= 5; ++n) {
    for (int rounds = 1; rounds <= 5; ++rounds) all.push_back({n, rounds});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(RoomsOf2To5Rounds1To5, RotationTable, ::testing::ValuesIn(seatings()),
                         [](const ::testing::TestParamInfo<Seating>& seating) {
                           return "room" + std::to_string(seating.param.room_size) + "_rounds" +
                                  std::to_string(seating.param.rounds);
                         });

}  // namespace
}  // namespace huddle::core
