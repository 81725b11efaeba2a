// The console's breakout rooms kept as text and built again per changed room (hub/console_rooms.hpp): after every
// kind of event a role-play sees, the text is exactly the console built whole from the state.
#include "hub/console_rooms.hpp"

#include <gtest/gtest.h>

#include "core/views.hpp"
#include "huddle/protocol/server_message.hpp"
#include "support/session_fixture.hpp"

namespace huddle::hub {
namespace {

using core::Actor;

class ConsoleRoomsTest : public test::SessionFixture {
 protected:
  void SetUp() override {
    core::apply(state, core::create_session("ABCDEF", "keyhash", test::roleplay_scenario(), 100, now));
    expect_whole("the lobby");
    for (int i = 0; i < 12; ++i) {
      const std::string id = "p" + std::to_string(i);
      step(Actor::visitor(), core::JoinSession{id, "Person " + std::to_string(i), "h" + id}, "a join");
      step(Actor::system(), core::Connect{id}, "a connection");
    }
  }
  // Runs a command as the hub does, telling the cache of each event, then checks the cache against the whole.
  void step(const Actor& actor, const core::Command& command, const std::string& what) {
    auto outcome = core::decide(state, actor, command, now);
    ASSERT_TRUE(outcome.ok()) << what << ": " << (outcome.rejection ? outcome.rejection->message : "");
    for (const auto& e : outcome.events) {
      core::apply(state, e);
      rooms.note(e, core::TopicChanges::of(e, state), state);
    }
    expect_whole(what);
  }
  void expect_whole(const std::string& what) {
    EXPECT_EQ(rooms.console_text(state), protocol::to_json_text(core::console_view(state))) << "after " << what;
  }
  ConsoleRooms rooms;
};

TEST_F(ConsoleRoomsTest, AfterEveryKindOfChangeTheConsoleReadsAsIfBuiltWhole) {
  step(Actor::facilitator(), core::GotoPhase{3}, "going to the role-play");
  step(Actor::facilitator(), core::FormRooms{"", 7}, "forming");
  step(Actor::facilitator(), core::StartRounds{}, "starting");
  const auto& b = state.activity.breakouts.at(3);
  const std::string asker = b.rooms[1].members[0];
  step(Actor::participant(asker), core::AskForHelp{}, "a help request");
  step(Actor::facilitator(), core::ClearHelp{1}, "clearing it");
  // The observer of room 3 (the last seat in round 1) notes what they saw.
  const std::string observer = b.rooms[2].members.back();
  step(Actor::participant(observer), core::SaveChecklist{0, {0, 1}, "Asked, then waited."}, "an observer's notes");
  step(Actor::facilitator(), core::AddRoomTime{60, 0}, "time for one room");
  step(Actor::facilitator(), core::AddRoomTime{-30, -1}, "time off every room");
  step(Actor::system(), core::Disconnect{b.rooms[0].members[1]}, "someone's connection dropping");
  step(Actor::system(), core::Connect{b.rooms[0].members[1]}, "it coming back");
  step(Actor::facilitator(), core::MoveToRoom{b.rooms[3].members[0], 0}, "a move");
  step(Actor::participant(b.rooms[0].members[2]), core::LeaveSession{}, "someone leaving");
  step(Actor::visitor(), core::JoinSession{"late", "Late Comer", "hlate"}, "a late join");
  step(Actor::system(), core::Connect{"late"}, "their connection");
  now += 60'000 + 300'000;
  step(Actor::system(), core::Tick{}, "the steps moving on");
  step(Actor::facilitator(), core::CallBackRooms{30}, "calling the rooms back");
  step(Actor::facilitator(), core::GotoPhase{2}, "leaving the role-play");
  step(Actor::facilitator(), core::GotoPhase{3}, "coming back");
}

}  // namespace
}  // namespace huddle::hub
