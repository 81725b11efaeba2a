// Room views spliced from one serialized base (hub/room_view_text.hpp) read exactly as core::room_view serialized:
// outside a role-play, before rooms, for someone in no room, and for members whose room text holds the very
// characters the splice looks for.
#include "hub/room_view_text.hpp"

#include <gtest/gtest.h>

#include "core/breakouts/breakout_views.hpp"
#include "huddle/protocol/server_message.hpp"
#include "support/session_fixture.hpp"

namespace huddle::hub {
namespace {

using core::Actor;

class RoomViewTextTest : public test::SessionFixture {
 protected:
  void SetUp() override {
    core::apply(state, core::create_session("ABCDEF", "keyhash", test::roleplay_scenario(), 100, now));
    for (int i = 0; i < 7; ++i) {
      const std::string id = "p" + std::to_string(i);
      // A name holding the text the splice searches for, quotes and all.
      ASSERT_TRUE(run(Actor::visitor(), core::JoinSession{id, i == 0 ? R"(x"room":null "role":null y)" : "Person " + std::to_string(i), "h" + id}).ok());
      ASSERT_TRUE(run(Actor::system(), core::Connect{id}).ok());
    }
  }
  void expect_same(const std::string& what) {
    RoomViewText views(state);
    for (const auto& p : state.participants) {
      EXPECT_EQ(views.of(p.id), protocol::to_json_text(core::room_view(state, p.id))) << what << ", " << p.id;
    }
    EXPECT_EQ(views.of("nobody"), protocol::to_json_text(core::room_view(state, "nobody"))) << what;
  }
};

TEST_F(RoomViewTextTest, EveryViewReadsAsIfBuiltWhole) {
  expect_same("in the lobby");
  ASSERT_TRUE(run(Actor::facilitator(), core::GotoPhase{3}).ok());
  expect_same("before rooms");
  ASSERT_TRUE(run(Actor::facilitator(), core::FormRooms{"", 3}).ok());
  ASSERT_TRUE(run(Actor::facilitator(), core::MoveToRoom{"p6", -1}).ok());
  expect_same("rooms formed, one person in none");
  ASSERT_TRUE(run(Actor::facilitator(), core::StartRounds{}).ok());
  const auto& room = state.activity.breakouts.at(3).rooms[0];
  ASSERT_TRUE(run(Actor::participant(room.members.back()), core::SaveChecklist{0, {1}, R"(said "room":null, "role":null and "items":null)"}).ok());
  expect_same("running, with notes");
}

}  // namespace
}  // namespace huddle::hub
