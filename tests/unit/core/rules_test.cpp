// The session rules as a participant and a facilitator meet them: joining, names, leaving, phases, ending.
#include <gtest/gtest.h>

#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using protocol::ErrorCode;
using test::SessionFixture;

class Rules : public SessionFixture {};

TEST_F(Rules, JoiningAddsToTheRoster) {
  join("p1", "Dana");
  join("p2", "Sam");
  auto roster = roster_view(state)["participants"];
  ASSERT_EQ(roster.size(), 2u);
  EXPECT_EQ(roster[0]["name"], "Dana");
  EXPECT_EQ(roster[1]["name"], "Sam");
  EXPECT_EQ(session_view(state)["participantCount"], 2);
}

TEST_F(Rules, ATakenNameIsNumberedNotRefused) {
  EXPECT_EQ(join("p1", "Dana"), "Dana");
  EXPECT_EQ(join("p2", "dana"), "dana (2)");
  EXPECT_EQ(join("p3", "Dana"), "Dana (3)");
}

TEST_F(Rules, ANameFreedByLeavingCanBeTakenAgain) {
  join("p1", "Dana");
  ASSERT_TRUE(run(Actor::participant("p1"), LeaveSession{}).ok());
  EXPECT_EQ(join("p2", "Dana"), "Dana");
}

TEST_F(Rules, AnInvalidNameIsRefusedWithNameInvalid) {
  auto outcome = run(Actor::visitor(), JoinSession{"p1", "   ", "h"});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.rejection->code, ErrorCode::name_invalid);
  EXPECT_EQ(state.active_count, 0u);
}

TEST_F(Rules, AFullSessionRefusesNewcomers) {
  state.max_participants = 2;
  join("p1", "A");
  join("p2", "B");
  auto outcome = run(Actor::visitor(), JoinSession{"p3", "C", "h3"});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.rejection->code, ErrorCode::session_full);
}

TEST_F(Rules, ResumeTokenHashFindsTheSamePersonUntilTheyLeave) {
  join("p1", "Dana");
  ASSERT_NE(state.find_by_token_hash("hash-p1"), nullptr);
  EXPECT_EQ(state.find_by_token_hash("hash-p1")->id, "p1");
  EXPECT_EQ(state.find_by_token_hash("hash-other"), nullptr);
  run(Actor::participant("p1"), LeaveSession{});
  EXPECT_EQ(state.find_by_token_hash("hash-p1"), nullptr);
}

TEST_F(Rules, PresenceFollowsConnections) {
  join("p1", "Dana");
  EXPECT_EQ(roster_view(state)["participants"][0]["presence"], "away");
  run(Actor::system(), Connect{"p1"});
  run(Actor::system(), Connect{"p1"});  // a second tab
  EXPECT_EQ(roster_view(state)["participants"][0]["presence"], "online");
  EXPECT_EQ(session_view(state)["onlineCount"], 1);
  run(Actor::system(), Disconnect{"p1"});
  EXPECT_EQ(roster_view(state)["participants"][0]["presence"], "online");
  run(Actor::system(), Disconnect{"p1"});
  EXPECT_EQ(roster_view(state)["participants"][0]["presence"], "away");
  EXPECT_EQ(session_view(state)["onlineCount"], 0);
}

TEST_F(Rules, PresenceIsNotJournaled) {
  join("p1", "Dana");
  auto outcome = run(Actor::system(), Connect{"p1"});
  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_FALSE(is_durable(outcome.events[0]));
}

TEST_F(Rules, RemovedParticipantLeavesTheRosterAndGoesOffline) {
  join("p1", "Dana");
  run(Actor::system(), Connect{"p1"});
  ASSERT_TRUE(run(Actor::facilitator(), RemoveParticipant{"p1"}).ok());
  EXPECT_TRUE(roster_view(state)["participants"].empty());
  EXPECT_EQ(state.online_count, 0u);
  EXPECT_TRUE(run(Actor::system(), Disconnect{"p1"}).events.empty());  // its closing socket changes nothing
  EXPECT_EQ(run(Actor::facilitator(), RemoveParticipant{"p1"}).rejection->code, ErrorCode::participant_not_found);
}

TEST_F(Rules, ANameThatOnlyDiffersInCaseOrWidthIsNumbered) {
  EXPECT_EQ(join("p1", "Dana"), "Dana");
  EXPECT_EQ(join("p2", "DANA"), "DANA (2)");
  EXPECT_EQ(join("p3", "\uFF24\uFF41\uFF4E\uFF41"), "\uFF24\uFF41\uFF4E\uFF41 (3)") << "fullwidth Dana";
}

TEST_F(Rules, AParticipantCannotJoinAsTheFacilitatorOrWithAHiddenCharacter) {
  for (const char* name : {"Facilitator", "Host", "Dana\u200B"}) {
    auto outcome = run(Actor::visitor(), JoinSession{"p1", name, "h"});
    ASSERT_FALSE(outcome.ok()) << name;
    EXPECT_EQ(outcome.rejection->code, ErrorCode::name_invalid) << name;
  }
  EXPECT_EQ(state.active_count, 0u);
}

TEST_F(Rules, ALockedSessionRefusesNewcomersButKeepsThoseInside) {
  join("p1", "Dana");
  auto locked = run(Actor::facilitator(), LockSession{true});
  ASSERT_TRUE(locked.ok());
  ASSERT_EQ(locked.events.size(), 1u);
  EXPECT_TRUE(is_durable(locked.events[0])) << "a lock survives a restart";
  EXPECT_EQ(session_view(state)["locked"], true);
  auto refused = run(Actor::visitor(), JoinSession{"p2", "Sam", "h2"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.rejection->code, ErrorCode::session_locked);
  EXPECT_NE(refused.rejection->message.find("locked"), std::string::npos);
  EXPECT_NE(state.find_by_token_hash("hash-p1"), nullptr) << "the resume token still works";
  EXPECT_TRUE(run(Actor::system(), Connect{"p1"}).ok()) << "and Dana can come back";
  EXPECT_TRUE(run(Actor::facilitator(), LockSession{true}).events.empty()) << "locking twice records nothing";
  ASSERT_TRUE(run(Actor::facilitator(), LockSession{false}).ok());
  EXPECT_EQ(session_view(state)["locked"], false);
  EXPECT_EQ(join("p2", "Sam"), "Sam");
}

TEST_F(Rules, OnlyTheFacilitatorLocksAndNotAfterTheEnd) {
  join("p1", "Dana");
  EXPECT_EQ(run(Actor::participant("p1"), LockSession{true}).rejection->code, ErrorCode::forbidden);
  EXPECT_EQ(run(Actor::visitor(), LockSession{true}).rejection->code, ErrorCode::forbidden);
  EXPECT_FALSE(state.locked);
  run(Actor::facilitator(), EndSession{});
  EXPECT_EQ(run(Actor::facilitator(), LockSession{true}).rejection->code, ErrorCode::session_ended);
}

TEST_F(Rules, RemovingEveryoneWhoJoinedSinceAMomentKeepsTheEarlierOnes) {
  join("p1", "Dana");
  now += 60'000;
  const Millis flood_began = now;
  join("p2", "Spam one");
  now += 1;
  join("p3", "Spam two");
  ASSERT_TRUE(run(Actor::participant("p2"), LeaveSession{}).ok());  // already gone: not removed again
  run(Actor::system(), Connect{"p3"});
  auto outcome = run(Actor::facilitator(), RemoveJoinedSince{flood_began});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_EQ(std::get<ParticipantLeft>(outcome.events[0]).participant_id, "p3");
  EXPECT_TRUE(std::get<ParticipantLeft>(outcome.events[0]).removed) << "as the single removal records it";
  auto roster = roster_view(state)["participants"];
  ASSERT_EQ(roster.size(), 1u);
  EXPECT_EQ(roster[0]["name"], "Dana");
  EXPECT_EQ(state.find_by_token_hash("hash-p3"), nullptr) << "their resume token no longer works";
  EXPECT_EQ(state.online_count, 0u);
  EXPECT_TRUE(run(Actor::facilitator(), RemoveJoinedSince{flood_began}).events.empty()) << "nobody left to remove";
  EXPECT_EQ(run(Actor::facilitator(), RemoveJoinedSince{-1}).rejection->code, ErrorCode::invalid_field);
  EXPECT_EQ(run(Actor::participant("p1"), RemoveJoinedSince{0}).rejection->code, ErrorCode::forbidden);
  EXPECT_EQ(join("p4", "Spam one"), "Spam one") << "the removed people's names are free again";
}

TEST_F(Rules, PhasesStartFromTheLobbyAndMoveBothWays) {
  EXPECT_EQ(session_view(state)["status"], "lobby");
  EXPECT_TRUE(session_view(state)["phase"].is_null());
  EXPECT_EQ(run(Actor::facilitator(), PreviousPhase{}).rejection->code, ErrorCode::phase_invalid);
  run(Actor::facilitator(), NextPhase{});
  EXPECT_EQ(session_view(state)["status"], "running");
  EXPECT_EQ(session_view(state)["phase"]["index"], 0);
  EXPECT_EQ(session_view(state)["phase"]["title"], "Welcome");
  run(Actor::facilitator(), NextPhase{});
  run(Actor::facilitator(), NextPhase{});
  EXPECT_EQ(run(Actor::facilitator(), NextPhase{}).rejection->code, ErrorCode::phase_invalid);
  run(Actor::facilitator(), PreviousPhase{});
  EXPECT_EQ(state.phase, 1);
}

TEST_F(Rules, GotoChecksTheRange) {
  EXPECT_TRUE(run(Actor::facilitator(), GotoPhase{2}).ok());
  EXPECT_EQ(state.phase, 2);
  EXPECT_EQ(state.phase_started_at, now);
  EXPECT_EQ(run(Actor::facilitator(), GotoPhase{3}).rejection->code, ErrorCode::phase_invalid);
  EXPECT_EQ(run(Actor::facilitator(), GotoPhase{-1}).rejection->code, ErrorCode::phase_invalid);
  EXPECT_EQ(state.phase, 2);
}

TEST_F(Rules, AnEndedSessionAcceptsNoChanges) {
  join("p1", "Dana");
  ASSERT_TRUE(run(Actor::facilitator(), EndSession{}).ok());
  EXPECT_EQ(session_view(state)["status"], "ended");
  EXPECT_EQ(run(Actor::visitor(), JoinSession{"p2", "Sam", "h"}).rejection->code, ErrorCode::session_ended);
  EXPECT_EQ(run(Actor::facilitator(), NextPhase{}).rejection->code, ErrorCode::session_ended);
  EXPECT_TRUE(run(Actor::system(), Connect{"p1"}).ok());  // people can still open it and see it ended
}

TEST_F(Rules, ReplayingTheEventsRebuildsTheSameSession) {
  std::vector<Event> journal{create_session("ABCDEF", "keyhash", test::three_phase_scenario(), 100, now)};
  auto record = [&](const Actor& a, const Command& c) {
    auto outcome = run(a, c);
    for (auto& e : outcome.events) {
      if (is_durable(e)) journal.push_back(e);
    }
  };
  state = {};
  core::apply(state, journal[0]);
  record(Actor::visitor(), JoinSession{"p1", "Dana", "h1"});
  record(Actor::visitor(), JoinSession{"p2", "Dana", "h2"});
  record(Actor::facilitator(), NextPhase{});
  record(Actor::participant("p1"), LeaveSession{});

  SessionState replayed;
  for (const auto& e : journal) core::apply(replayed, e);
  EXPECT_EQ(session_view(replayed), session_view(state));
  EXPECT_EQ(roster_view(replayed), roster_view(state));
}

}  // namespace
}  // namespace huddle::core
