// Role rotation: with as many rounds as members, everyone plays every place once; extra members observe;
// without rotation the first round's roles hold.
#include <map>
#include <set>

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
