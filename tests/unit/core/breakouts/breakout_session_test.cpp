// Breakout role-plays inside a session, through decide() and apply() as the hub runs them: rooms formed from
// the people present, clocks that run on server time passed in, rotation between rounds, help requests,
// observer checklists, and what each person may read: their own role's brief, never another's.
#include <set>

#include <gtest/gtest.h>

#include "core/breakout_rules.hpp"
#include "core/limits.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "core/replay.hpp"
#include "core/report.hpp"
#include "core/topic_changes.hpp"
#include "core/views.hpp"
#include "store/event_json.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

const char* const briefs[] = {"MANAGER BRIEF", "REPORT BRIEF", "OBSERVER BRIEF"};

class BreakoutSession : public test::RecordingSessionFixture {
 protected:
  void SetUp() override {
    state = SessionState{};
    record(create_session("ABCDEF", "keyhash", test::roleplay_scenario(), 100, now));
  }
  // n people join and are online (rooms are formed with the people online).
  void people(int n) {
    for (int i = 0; i < n; ++i) {
      const std::string id = "p" + std::to_string(i);
      ASSERT_TRUE(act(Actor::visitor(), JoinSession{id, "Person " + std::to_string(i), "h" + std::to_string(i)}).ok());
      ASSERT_TRUE(act(Actor::system(), Connect{id}).ok());
    }
  }
  void go_away(const std::string& id) { ASSERT_TRUE(act(Actor::system(), Disconnect{id}).ok()); }
  void open_rooms(int n) {
    people(n);
    ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
    ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"", 99}).ok());
  }
  const Breakouts& rooms() const { return state.activity.breakouts.at(3); }
  json room_of(const std::string& id) const { return room_view(state, id)["room"]; }
};

TEST_F(BreakoutSession, FormingPlacesEveryoneAndEachPersonSeesOnlyTheirOwnBrief) {
  open_rooms(9);
  ASSERT_EQ(rooms().rooms.size(), 3u);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  for (int i = 0; i < 9; ++i) {
    const std::string id = "p" + std::to_string(i);
    const json room = room_of(id);
    ASSERT_FALSE(room.is_null()) << id;
    EXPECT_EQ(room["members"].size(), 3u);
    const std::string own = room["role"]["brief"];
    // Every frame this person is sent: the shared topics and their own private ones.
    const std::string everything = session_view(state).dump() + roster_view(state).dump() + activity_view(state).dump() +
                                   me_view(state, id, {}).dump() + room_view(state, id).dump();
    int briefs_seen = 0;
    for (const char* brief : briefs) {
      if (everything.find(brief) == std::string::npos) continue;
      ++briefs_seen;
      EXPECT_NE(own.find(brief), std::string::npos) << id << " can read a brief that is not theirs: " << brief;
    }
    EXPECT_EQ(briefs_seen, 1) << id;
  }
  // The facilitator reads every brief (they wrote them) in the console.
  const std::string console = console_view(state).dump();
  for (const char* brief : briefs) EXPECT_NE(console.find(brief), std::string::npos);
}

TEST_F(BreakoutSession, RoomClocksRunOnServerTimeAndRolesRotateEachRound) {
  open_rooms(3);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  const std::string first_role = room_of("p0")["role"]["id"];
  EXPECT_EQ(room_of("p0")["clock"]["deadline"], now + 60'000);
  EXPECT_EQ(next_wakeup(state), now + 60'000);

  const Millis start = now;
  auto tick_at = [&](Millis at) {
    now = at;
    act(Actor::system(), Tick{});
  };
  tick_at(start + 60'000);  // prepare over: play
  EXPECT_EQ(room_of("p0")["clock"]["step"], 1);
  EXPECT_EQ(room_of("p0")["clock"]["deadline"], start + 360'000);
  tick_at(start + 360'000);
  tick_at(start + 480'000);  // feedback over: round 2
  EXPECT_EQ(room_of("p0")["clock"]["round"], 2);
  EXPECT_EQ(room_of("p0")["clock"]["step"], 0);
  EXPECT_NE(room_of("p0")["role"]["id"], first_role) << "roles rotate between rounds";
  tick_at(start + 540'000);
  tick_at(start + 840'000);
  tick_at(start + 960'000);  // the last step of the last round
  EXPECT_TRUE(room_of("p0")["clock"]["done"]);
  EXPECT_TRUE(room_of("p0")["clock"]["deadline"].is_null());
  EXPECT_FALSE(next_wakeup(state).has_value());
}

TEST_F(BreakoutSession, TimeAddedToOneRoomMovesOnlyItsClock) {
  open_rooms(6);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), AddRoomTime{120, 1}).ok());
  EXPECT_EQ(rooms().rooms[0].deadline, now + 60'000);
  EXPECT_EQ(rooms().rooms[1].deadline, now + 180'000);
  EXPECT_EQ(act(Actor::facilitator(), AddRoomTime{120, 5}).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_EQ(act(Actor::facilitator(), AddRoomTime{0, -1}).rejection->code, protocol::ErrorCode::invalid_field);
}

TEST_F(BreakoutSession, ACallBackClosesEveryRoomWhenItsCountdownEnds) {
  open_rooms(6);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), CallBackRooms{30}).ok());
  EXPECT_EQ(room_view(state, "p0")["callBackAt"], now + 30'000);
  now += 30'000;
  act(Actor::system(), Tick{});
  EXPECT_EQ(rooms().status, BreakoutStatus::finished);
  EXPECT_EQ(room_view(state, "p0")["status"], "finished");
}

TEST_F(BreakoutSession, HelpReachesTheConsoleOnceUntilCleared) {
  open_rooms(6);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  const auto room = *rooms().room_of("p4");
  ASSERT_TRUE(act(Actor::participant("p4"), AskForHelp{}).ok());
  EXPECT_TRUE(act(Actor::participant("p4"), AskForHelp{}).events.empty()) << "asking twice is one request";
  EXPECT_TRUE(console_view(state)["breakouts"]["rooms"][room]["help"]);
  EXPECT_TRUE(room_of("p4")["help"]);
  ASSERT_TRUE(act(Actor::facilitator(), ClearHelp{static_cast<long long>(room)}).ok());
  EXPECT_FALSE(console_view(state)["breakouts"]["rooms"][room]["help"]);
}

TEST_F(BreakoutSession, OnlyTheObserverKeepsTheChecklistAndTheRoomAndConsoleSeeIt) {
  open_rooms(3);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  std::string observer, player;
  for (const char* id : {"p0", "p1", "p2"}) {
    (room_of(id)["checklist"].is_null() ? player : observer) = id;
  }
  ASSERT_FALSE(observer.empty());
  EXPECT_EQ(act(Actor::participant(player), SaveChecklist{0, {0}, ""}).rejection->code, protocol::ErrorCode::forbidden);
  EXPECT_EQ(act(Actor::participant(observer), SaveChecklist{0, {7}, ""}).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_EQ(act(Actor::participant(observer), SaveChecklist{1, {0}, ""}).rejection->code, protocol::ErrorCode::invalid_field)
      << "round 2 has not started";
  ASSERT_TRUE(act(Actor::participant(observer), SaveChecklist{0, {1, 0, 1}, "Clear next step"}).ok());
  const json seen = room_of(player)["observations"];
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["ticked"], json({"Asked an open question", "Agreed a next step"}));
  EXPECT_EQ(seen[0]["note"], "Clear next step");
  const json summary = console_view(state)["breakouts"]["checklistSummary"];
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0]["ticked"], 1);
}

TEST_F(BreakoutSession, TheReportSumsUpRoomsRoundsAndObserverChecklists) {
  open_rooms(6);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  for (const auto& room : rooms().rooms) {
    for (const auto& id : room.members) {
      if (!room_of(id)["checklist"].is_null()) {
        ASSERT_TRUE(act(Actor::participant(id), SaveChecklist{0, {0}, "Good"}).ok());
      }
    }
  }
  const json report = session_report(state, now);
  ASSERT_EQ(report["breakouts"].size(), 1u);
  const json& b = report["breakouts"][0];
  EXPECT_EQ(b["rooms"], 2);
  EXPECT_EQ(b["people"], 6);
  EXPECT_EQ(b["roundsPlayed"], 1);
  ASSERT_FALSE(b["roles"].empty());
  EXPECT_EQ(b["roles"].back()["id"], "observer");
  EXPECT_FALSE(b["roles"].back()["name"].get<std::string>().empty()) << "the report names every role, not only its id";
  EXPECT_EQ(b["checklistSummary"][0], json({{"role", "observer"}, {"item", "Asked an open question"}, {"ticked", 2}}));
  EXPECT_EQ(b["observations"].size(), 2u);
  const std::string csv = session_report_csv(report);
  EXPECT_NE(csv.find("checklist,3,\"Practice\",\"Asked an open question\",\"observer\",2,"), std::string::npos) << csv;
}

TEST_F(BreakoutSession, ANewcomerIsPlacedInTheSmallestRoom) {
  open_rooms(7);  // rooms of 4 and 3
  const auto smaller = rooms().rooms[0].members.size() < rooms().rooms[1].members.size() ? 0u : 1u;
  ASSERT_TRUE(act(Actor::visitor(), JoinSession{"late", "Latecomer", "hl"}).ok());
  EXPECT_EQ(rooms().room_of("late"), smaller);
  EXPECT_FALSE(room_of("late").is_null());
}

TEST_F(BreakoutSession, ChoosingAndMovingRespectTheRules) {
  people(6);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  EXPECT_EQ(act(Actor::participant("p0"), ChooseRoom{0}).rejection->code, protocol::ErrorCode::phase_invalid);
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"choose", 1}).ok());
  ASSERT_EQ(rooms().rooms.size(), 2u);
  for (const char* id : {"p0", "p1", "p2", "p3"}) ASSERT_TRUE(act(Actor::participant(id), ChooseRoom{0}).ok());
  EXPECT_EQ(act(Actor::participant("p4"), ChooseRoom{0}).rejection->code, protocol::ErrorCode::invalid_field)
      << "a chosen room holds a group and one more";
  ASSERT_TRUE(act(Actor::facilitator(), MoveToRoom{"p0", 1}).ok());
  EXPECT_EQ(rooms().room_of("p0"), 1u);
  ASSERT_TRUE(act(Actor::facilitator(), MoveToRoom{"p0", -1}).ok());
  EXPECT_FALSE(rooms().room_of("p0").has_value());
  EXPECT_EQ(act(Actor::facilitator(), MoveToRoom{"p0", 2}).rejection->code, protocol::ErrorCode::invalid_field);
}

TEST_F(BreakoutSession, LeavingThePhaseStopsTheClocksAndReplayRebuildsTheSameViews) {
  open_rooms(5);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::participant("p1"), AskForHelp{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), Announce{"Two minutes left"}).ok());
  EXPECT_EQ(session_view(state)["announcement"]["text"], "Two minutes left");

  // Through the stored form, as a restart reads it (the test scenario is built in code, with no source text
  // to store, so its creation is kept as it is).
  std::vector<Event> stored{journal.front()};
  for (std::size_t i = 1; i < journal.size(); ++i) stored.push_back(store::event_from_json(store::event_to_json(journal[i])));
  const SessionState again = replay(stored);
  for (int i = 0; i < 5; ++i) {
    const std::string id = "p" + std::to_string(i);
    EXPECT_EQ(room_view(again, id), room_view(state, id)) << id;
  }
  EXPECT_EQ(console_view(again), console_view(state));

  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{2}).ok());
  EXPECT_EQ(rooms().status, BreakoutStatus::finished);
  EXPECT_TRUE(room_view(state, "p0").is_null()) << "not a roleplay phase any more";
  EXPECT_FALSE(next_breakout_deadline(state).has_value());
}

TEST_F(BreakoutSession, RoomsFormedByHandTakeNoNewcomersAndNothingRunsBeforeTheStart) {
  people(6);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"manual", 1}).ok());  // the scenario says auto
  ASSERT_TRUE(act(Actor::visitor(), JoinSession{"late", "Latecomer", "hl"}).ok());
  EXPECT_FALSE(rooms().room_of("late").has_value()) << "rooms placed by hand stay as the facilitator left them";
  EXPECT_EQ(act(Actor::facilitator(), CallBackRooms{60}).rejection->code, protocol::ErrorCode::phase_invalid);
  ASSERT_TRUE(act(Actor::facilitator(), MoveToRoom{"p1", 0}).ok());
  EXPECT_EQ(act(Actor::participant("p1"), AskForHelp{}).rejection->code, protocol::ErrorCode::phase_invalid);
}

TEST_F(BreakoutSession, ThePeopleInTheRoomsAreFollowedLiveByTheConsole) {
  open_rooms(3);
  for (const Event& e : {Event{PresenceChanged{"p0", 1}}, Event{ParticipantJoined{"p9", "New", "h9", now}},
                         Event{ParticipantLeft{"p1", false, now}}}) {
    EXPECT_TRUE(TopicChanges::of(e, state).console) << e.index();
  }
  EXPECT_TRUE(TopicChanges::of(ParticipantLeft{"p1", false, now}, state).every_room);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{2}).ok());
  EXPECT_FALSE(TopicChanges::of(PresenceChanged{"p0", 1}, state).console) << "outside a role-play, presence is the roster's";
}

TEST_F(BreakoutSession, LeavingThePhaseFinishesRoomsThatNeverStartedAndDropsTheCallBack) {
  open_rooms(6);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{2}).ok());
  EXPECT_EQ(rooms().status, BreakoutStatus::finished);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"", 2}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), CallBackRooms{60}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{2}).ok());
  EXPECT_EQ(rooms().call_back_at, 0);
}

TEST_F(BreakoutSession, AnnouncementsRefuseControlCharactersAndOverlongTextAndEmptyOnesClear) {
  EXPECT_EQ(act(Actor::facilitator(), Announce{"Hi\u202e there"}).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_EQ(act(Actor::facilitator(), Announce{std::string(501, 'a')}).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_TRUE(act(Actor::facilitator(), Announce{"   "}).events.empty()) << "nothing to take down";
  for (const char* hidden : {"Lunch\u200B at noon", "Lunch at noon\u200E", "\uFEFFLunch", "Lun\u00ADch", "\u3164"}) {
    EXPECT_EQ(act(Actor::facilitator(), Announce{hidden}).rejection->code, protocol::ErrorCode::invalid_field) << hidden;
  }
  ASSERT_TRUE(act(Actor::facilitator(), Announce{"Lunch at noon"}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), Announce{""}).ok());
  EXPECT_TRUE(session_view(state)["announcement"].is_null()) << "an empty announcement takes it down";
}

TEST_F(BreakoutSession, RoomsAreFormedWithThePeopleOnlineAndSomeoneAwayJoinsWhenTheyComeBack) {
  people(7);
  go_away("p6");
  go_away("p5");
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"", 99}).ok());
  ASSERT_EQ(rooms().rooms.size(), 1u) << "five online: one room of five rather than two of three with an empty seat";
  EXPECT_EQ(rooms().rooms[0].members.size(), 5u);
  EXPECT_FALSE(rooms().room_of("p5").has_value());
  EXPECT_TRUE(room_of("p6").is_null());
  const json unassigned = console_view(state)["breakouts"]["unassigned"];
  ASSERT_EQ(unassigned.size(), 2u);
  EXPECT_EQ(unassigned[0]["online"], false) << "the console sees who is away";

  // The facilitator takes someone out by hand: coming back does not undo that.
  ASSERT_TRUE(act(Actor::facilitator(), MoveToRoom{"p0", -1}).ok());
  go_away("p0");
  ASSERT_TRUE(act(Actor::system(), Connect{"p0"}).ok());
  EXPECT_FALSE(rooms().room_of("p0").has_value());

  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::system(), Connect{"p6"}).ok());
  EXPECT_EQ(rooms().room_of("p6"), 0u) << "back during the rounds: placed as a late joiner";
  EXPECT_FALSE(room_of("p6")["role"].is_null());
}

TEST_F(BreakoutSession, TheConsoleCanIncludeTheAwayOnPurpose) {
  people(6);
  go_away("p5");
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"", 99, true}).ok());
  EXPECT_EQ(rooms().rooms.size(), 2u);
  EXPECT_TRUE(rooms().room_of("p5").has_value());
  // Empty rooms to fill by hand are counted the same way.
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"manual", 1}).ok());
  EXPECT_EQ(rooms().rooms.size(), 1u) << "five online: one room of three fits";
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"manual", 1, true}).ok());
  EXPECT_EQ(rooms().rooms.size(), 2u) << "six with the away one: two";
}

TEST_F(BreakoutSession, GoingBackDuringTheRoundsAndForwardAgainCarriesOnWhereTheyStopped) {
  open_rooms(3);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  now += 60'000;
  act(Actor::system(), Tick{});  // the play step
  const std::string observer = [&] {
    for (const char* id : {"p0", "p1", "p2"}) {
      if (!room_of(id)["checklist"].is_null()) return std::string(id);
    }
    return std::string();
  }();
  ASSERT_TRUE(act(Actor::participant(observer), SaveChecklist{0, {0}, "Opened well"}).ok());
  now += 100'000;  // 200 s of the play step left
  ASSERT_TRUE(act(Actor::facilitator(), PreviousPhase{}).ok());
  EXPECT_EQ(rooms().status, BreakoutStatus::finished);
  EXPECT_TRUE(rooms().interrupted);
  now += 600'000;  // ten minutes elsewhere: the rooms' clocks do not run meanwhile
  ASSERT_TRUE(act(Actor::facilitator(), NextPhase{}).ok());
  EXPECT_EQ(room_view(state, "p0")["interrupted"], true) << "the room says it stopped part-way";
  EXPECT_EQ(console_view(state)["breakouts"]["interrupted"], true);

  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  EXPECT_EQ(rooms().status, BreakoutStatus::running);
  EXPECT_EQ(room_of("p0")["clock"]["round"], 1) << "not started again";
  EXPECT_EQ(room_of("p0")["clock"]["step"], 1);
  EXPECT_EQ(room_of("p0")["clock"]["deadline"], now + 200'000) << "the step goes on with the time it had left";
  EXPECT_EQ(room_of(observer)["observations"].size(), 1u) << "the observer's notes are kept";

  // Through the stored form, as a restart reads it: the same rooms at the same moment.
  std::vector<Event> stored{journal.front()};
  for (std::size_t i = 1; i < journal.size(); ++i) stored.push_back(store::event_from_json(store::event_to_json(journal[i])));
  EXPECT_EQ(room_view(replay(stored), "p0"), room_view(state, "p0"));

  // Starting again from round 1 is a separate, explicit request.
  ASSERT_TRUE(act(Actor::facilitator(), PreviousPhase{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), NextPhase{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{true}).ok());
  EXPECT_EQ(room_of("p0")["clock"]["step"], 0);
  EXPECT_EQ(room_of("p0")["clock"]["deadline"], now + 60'000);
  EXPECT_FALSE(rooms().interrupted);
}

TEST_F(BreakoutSession, RoomsCalledBackAreNotInterruptedByLeavingThePhase) {
  open_rooms(3);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), CallBackRooms{0}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), PreviousPhase{}).ok());
  EXPECT_FALSE(rooms().interrupted) << "closed on purpose: nothing to carry on";
}

TEST_F(BreakoutSession, TimeTakenOffEndsTheStepButNeverEatsIntoTheNextOne) {
  open_rooms(3);
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), AddRoomTime{-1800, -1}).ok());  // the prepare step is over at once
  act(Actor::system(), Tick{});
  EXPECT_EQ(room_of("p0")["clock"]["step"], 1) << "one step, not a rush through the rest";
  EXPECT_EQ(room_of("p0")["clock"]["deadline"], now + 300'000) << "the play step gets its full length";
  // A room that has played every round takes no more time.
  for (int i = 0; i < 5; ++i) {
    now = rooms().rooms[0].deadline;
    act(Actor::system(), Tick{});
  }
  ASSERT_TRUE(rooms().rooms[0].done);
  EXPECT_EQ(act(Actor::facilitator(), AddRoomTime{60, 0}).rejection->code, protocol::ErrorCode::phase_invalid);
}

}  // namespace
}  // namespace huddle::core

namespace huddle::core {
namespace {

// A peer pod: the roleplay scenario in pod mode. Members run it themselves.
class PodSession : public BreakoutSession {
 protected:
  void SetUp() override {
    state = SessionState{};
    auto pod = std::make_shared<Scenario>(*test::roleplay_scenario());
    pod->mode = "pod";
    record(create_session("PODPOD", "unusable", pod, max_pod_members, now));
  }
};

TEST_F(PodSession, MembersMoveThePhasesAndStartTheirOwnRoomWithEveryoneInIt) {
  people(3);
  ASSERT_TRUE(act(Actor::participant("p1"), NextPhase{}).ok());
  ASSERT_TRUE(act(Actor::participant("p1"), GotoPhase{3}).rejection) << "jumping is the facilitator's";
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(act(Actor::participant("p2"), NextPhase{}).ok());
  ASSERT_EQ(state.phase, 3);
  ASSERT_TRUE(act(Actor::participant("p2"), StartRounds{}).ok());
  ASSERT_EQ(rooms().rooms.size(), 1u);
  EXPECT_EQ(rooms().rooms[0].members, (std::vector<std::string>{"p0", "p1", "p2"}));
  EXPECT_EQ(rooms().status, BreakoutStatus::running);
  std::set<std::string> roles;
  for (const char* id : {"p0", "p1", "p2"}) roles.insert(room_of(id)["role"]["id"].get<std::string>());
  EXPECT_EQ(roles.size(), 3u) << "the three roles, one each";
  ASSERT_TRUE(act(Actor::participant("p0"), AddRoomTime{60, -1}).ok());
}

TEST_F(PodSession, WhatOnlyAFacilitatorDoesStaysForbiddenInAPod) {
  people(3);
  for (const Command& c : {Command{RemoveParticipant{"p1"}}, Command{Announce{"Hi"}}, Command{EndSession{}},
                           Command{FormRooms{"auto", 1}}, Command{CallBackRooms{0}}}) {
    EXPECT_EQ(act(Actor::participant("p0"), c).rejection->code, protocol::ErrorCode::forbidden) << c.index();
  }
}

TEST_F(PodSession, AnyMemberRevealsHiddenResultsButNothingElseOfThePoll) {
  people(3);
  ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());
  ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());  // the poll
  const std::string poll = *state.activity.active_poll;
  EXPECT_TRUE(activity_view(state)["poll"]["results"].is_null()) << "hidden until revealed";
  for (PollAction action : {PollAction::hide, PollAction::live, PollAction::close, PollAction::anonymous}) {
    EXPECT_EQ(act(Actor::participant("p1"), ControlPoll{poll, action, {}}).rejection->code, protocol::ErrorCode::forbidden);
  }
  ASSERT_TRUE(act(Actor::participant("p1"), ControlPoll{poll, PollAction::reveal, {}}).ok());
  EXPECT_FALSE(activity_view(state)["poll"]["results"].is_null()) << "every member sees the results now";
}

TEST_F(PodSession, EveryMemberReadsTheRunSheetOfThePhaseTheyAreIn) {
  people(3);
  EXPECT_TRUE(session_view(state)["phase"].is_null());
  ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());
  EXPECT_EQ(session_view(state)["phase"]["notes"], "Greet people") << "the phase's notes, for everyone in the pod";
  ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());
  EXPECT_EQ(session_view(state)["phase"]["notes"], "Ask the room");
  EXPECT_EQ(session_view(state)["language"], "en");
}

TEST_F(BreakoutSession, AFacilitatorsNotesNeverReachTheParticipants) {
  people(2);
  ASSERT_TRUE(act(Actor::facilitator(), NextPhase{}).ok());
  const std::string everything = session_view(state).dump() + roster_view(state).dump() + activity_view(state).dump() +
                                 me_view(state, "p0", {}).dump() + room_view(state, "p0").dump();
  EXPECT_EQ(everything.find("Greet people"), std::string::npos);
  EXPECT_FALSE(session_view(state)["phase"].contains("notes"));
  EXPECT_NE(facilitator_view(state).dump().find("Greet people"), std::string::npos) << "they stay the facilitator's";
}

TEST_F(PodSession, BackDuringTheRolePlayNeverStartsTheRoundsAgain) {
  people(3);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());
  ASSERT_TRUE(act(Actor::participant("p0"), StartRounds{}).ok());
  now += 60'000;
  act(Actor::system(), Tick{});
  ASSERT_EQ(room_of("p0")["clock"]["step"], 1);
  now += 30'000;  // 270 s of the play step left
  std::string observer;
  for (const char* id : {"p0", "p1", "p2"}) {
    if (!room_of(id)["checklist"].is_null()) observer = id;
  }
  ASSERT_TRUE(act(Actor::participant(observer), SaveChecklist{0, {1}, "Named the next step"}).ok());
  ASSERT_TRUE(act(Actor::participant("p1"), PreviousPhase{}).ok());
  ASSERT_TRUE(act(Actor::participant("p2"), NextPhase{}).ok());
  EXPECT_EQ(room_of("p0")["clock"]["step"], 1) << "where they were";
  ASSERT_TRUE(act(Actor::participant("p2"), StartRounds{}).ok());
  EXPECT_EQ(room_of("p0")["clock"]["step"], 1) << "the Start button carries on, it does not start again";
  EXPECT_EQ(room_of("p0")["clock"]["deadline"], now + 270'000);
  EXPECT_EQ(room_of("p0")["observations"].size(), 1u) << "the observer's notes are kept";
}

TEST_F(PodSession, AMemberAwayAtTheStartJoinsTheRoomWhenTheyComeBack) {
  people(4);
  go_away("p3");
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());
  ASSERT_TRUE(act(Actor::participant("p0"), StartRounds{}).ok());
  EXPECT_EQ(rooms().rooms[0].members, (std::vector<std::string>{"p0", "p1", "p2"}));
  ASSERT_TRUE(act(Actor::system(), Connect{"p3"}).ok());
  EXPECT_EQ(rooms().room_of("p3"), 0u);
}

TEST_F(PodSession, ASixthPersonFindsThePodFullAndALateMemberJoinsTheRoom) {
  people(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(act(Actor::participant("p0"), NextPhase{}).ok());
  ASSERT_TRUE(act(Actor::participant("p0"), StartRounds{}).ok());
  ASSERT_TRUE(act(Actor::visitor(), JoinSession{"p4", "Fifth", "h4"}).ok());
  EXPECT_EQ(rooms().room_of("p4"), 0u);
  const auto full = act(Actor::visitor(), JoinSession{"p5", "Sixth", "h5"}).rejection;
  EXPECT_EQ(full->code, protocol::ErrorCode::session_full);
  EXPECT_EQ(full->message.find("acilitator"), std::string::npos) << "a pod has no facilitator to ask: " << full->message;
  EXPECT_NE(full->message.find("pod"), std::string::npos) << full->message;
}

}  // namespace
}  // namespace huddle::core
