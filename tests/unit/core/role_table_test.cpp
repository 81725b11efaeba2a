// Who may do what, over every command: a table of commands and the one role that may send each. Every other
// role is refused with `forbidden` and the session does not change.
#include <functional>
#include <set>

#include <gtest/gtest.h>

#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

struct Row {
  const char* name;
  Command command;
  Actor::Kind allowed;
  Millis later = 0;        // decide this long after the fixture's `now` (a Tick needs time to have passed)
  bool needs_pause = false;  // the timer must be paused for the command to mean anything
  std::function<void(SessionState&)> prepare = nullptr;  // what must exist first (a ballot, cards on a board)
};

// The cards phase with three cards about budgets in the holding pen; `release` puts them on the board.
void cards_waiting(SessionState& s, bool release) {
  core::apply(s, PhaseChanged{2, 1});
  core::apply(s, CardSubmitted{2, "c-000000000001", "How is the budget set?"});
  core::apply(s, CardSubmitted{2, "c-000000000002", "Who owns the budget?"});
  core::apply(s, CardSubmitted{2, "c-000000000003", "What is a 1:1 for?"});
  if (release) core::apply(s, CardsReleased{2, 5});
}
void cards_on_board(SessionState& s) { cards_waiting(s, true); }

// The role-play phase (3) of roleplay_scenario(), with rooms as given; `start` starts the rounds.
void in_rooms(SessionState& s, std::vector<std::vector<std::string>> rooms, bool start, bool choosing = false) {
  s.scenario = test::roleplay_scenario();
  core::apply(s, PhaseChanged{3, 1});
  if (!rooms.empty()) core::apply(s, RoomsFormed{3, std::move(rooms), choosing ? "choose" : "auto"});
  if (start) core::apply(s, RoundsStarted{3, 2});
}
void cards_in_pen(SessionState& s) { cards_waiting(s, false); }

// The fishbowl phase (3) of fishbowl_scenario(), with `seated` in the first seat if given.
void in_fishbowl(SessionState& s, const std::string& seated = "") {
  s.scenario = test::fishbowl_scenario();
  core::apply(s, PhaseChanged{3, 1});
  if (!seated.empty()) core::apply(s, FishbowlSeated{3, 0, seated, 1});
}

const std::vector<Row>& table() {
  static const std::vector<Row> rows{
      {"join", JoinSession{"p9", "Newcomer", "h9"}, Actor::Kind::visitor},
      {"connect", Connect{"p1"}, Actor::Kind::system},
      {"disconnect", Disconnect{"p1"}, Actor::Kind::system},
      {"leave", LeaveSession{}, Actor::Kind::participant},
      {"participant.remove", RemoveParticipant{"p2"}, Actor::Kind::facilitator},
      {"session.lock", LockSession{true}, Actor::Kind::facilitator},
      {"participant.remove.since", RemoveJoinedSince{0}, Actor::Kind::facilitator},
      {"phase.next", NextPhase{}, Actor::Kind::facilitator},
      {"phase.back", PreviousPhase{}, Actor::Kind::facilitator},
      {"phase.goto", GotoPhase{0}, Actor::Kind::facilitator},
      {"session.end", EndSession{}, Actor::Kind::facilitator},
      {"phase.pause", PauseTimer{}, Actor::Kind::facilitator},
      {"phase.resume", ResumeTimer{}, Actor::Kind::facilitator, 0, true},
      {"phase.extend", ExtendTimer{60}, Actor::Kind::facilitator},
      {"tick", Tick{}, Actor::Kind::system, 120'000},
      {"poll.vote", CastBallot{"poll-1", "a-key", {{"choice", 1}}}, Actor::Kind::participant},
      {"poll.withdraw", WithdrawBallot{"poll-1", "a-key"}, Actor::Kind::participant, 0, false,
       [](SessionState& s) { core::apply(s, BallotCast{"poll-1", "a-key", SingleChoice{0}, std::nullopt}); }},
      {"poll.control", ControlPoll{"poll-1", PollAction::close}, Actor::Kind::facilitator},
      {"poll.quick",
       LaunchQuickPoll{{{"pollKind", "single"}, {"question", "Break?"}, {"options", {"Now", "Later"}}}},
       Actor::Kind::facilitator},
      {"card.submit", SubmitCard{"c-00000000000a", "Why?", 0, 1, 7}, Actor::Kind::participant, 0, false,
       [](SessionState& s) { core::apply(s, PhaseChanged{2, 1}); }},
      {"card.vote", VoteCard{"c-000000000001", "a-board-key", true}, Actor::Kind::participant, 0, false, cards_on_board},
      {"card.moderate", ModerateCard{"c-000000000001", CardAction::pin}, Actor::Kind::facilitator, 0, false,
       cards_on_board},
      {"card.merge", MergeCards{"c-000000000002", "c-000000000001"}, Actor::Kind::facilitator, 0, false,
       cards_on_board},
      {"card.release", ReleaseCards{false, 3, 9}, Actor::Kind::facilitator, 0, false, cards_in_pen},
      {"card.group.rename", RenameCardGroup{"g-budget", "Money"}, Actor::Kind::facilitator, 0, false, cards_on_board},
      {"breakout.form", FormRooms{"", 7}, Actor::Kind::facilitator, 0, false, [](SessionState& s) { in_rooms(s, {}, false); }},
      {"breakout.move", MoveToRoom{"p2", 0}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) { in_rooms(s, {{"p1"}, {}}, false); }},
      {"breakout.choose", ChooseRoom{1}, Actor::Kind::participant, 0, false,
       [](SessionState& s) { in_rooms(s, {{}, {}}, false, true); }},
      {"breakout.start", StartRounds{}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) { in_rooms(s, {{"p1", "p2"}}, false); }},
      {"breakout.time", AddRoomTime{60, -1}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) { in_rooms(s, {{"p1", "p2"}}, true); }},
      {"breakout.callback", CallBackRooms{60}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) { in_rooms(s, {{"p1", "p2"}}, true); }},
      {"breakout.help", AskForHelp{}, Actor::Kind::participant, 0, false,
       [](SessionState& s) { in_rooms(s, {{"p1", "p2"}}, true); }},
      {"breakout.help.clear", ClearHelp{0}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) {
         in_rooms(s, {{"p1", "p2"}}, true);
         core::apply(s, HelpRequested{3, 0, 3});
       }},
      {"breakout.checklist", SaveChecklist{0, {0}, "Good opening"}, Actor::Kind::participant, 0, false,
       [](SessionState& s) { in_rooms(s, {{"p2", "p9", "p1"}}, true); }},
      {"session.announce", Announce{"Back in the main room in 2 minutes"}, Actor::Kind::facilitator},
      {"fishbowl.tapin", TapIn{}, Actor::Kind::participant, 0, false, [](SessionState& s) { in_fishbowl(s); }},
      {"fishbowl.tapout", TapOut{}, Actor::Kind::participant, 0, false, [](SessionState& s) { in_fishbowl(s, "p1"); }},
      {"fishbowl.seat", SeatInFishbowl{"p2", -1}, Actor::Kind::facilitator, 0, false, [](SessionState& s) { in_fishbowl(s); }},
      {"fishbowl.unseat", UnseatFromFishbowl{"p2"}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) { in_fishbowl(s, "p2"); }},
      {"fishbowl.observe", WriteObservation{"o-000000000001", "Jo opened up after a specific question", 0},
       Actor::Kind::participant, 0, false, [](SessionState& s) { in_fishbowl(s); }},
      {"fishbowl.surface", SurfaceObservation{"o-000000000001", true}, Actor::Kind::facilitator, 0, false,
       [](SessionState& s) {
         in_fishbowl(s);
         core::apply(s, ObservationWritten{3, "o-000000000001", "Specific questions worked", ""});
       }},
  };
  return rows;
}

Actor as(Actor::Kind kind) {
  switch (kind) {
    case Actor::Kind::visitor: return Actor::visitor();
    case Actor::Kind::participant: return Actor::participant("p1");
    case Actor::Kind::facilitator: return Actor::facilitator();
    case Actor::Kind::system: return Actor::system();
  }
  return Actor::visitor();
}

class RoleTable : public test::SessionFixture {
 protected:
  void SetUp() override {
    SessionFixture::SetUp();
    join("p1", "Dana");
    join("p2", "Sam");
    run(Actor::system(), Connect{"p1"});
    run(Actor::facilitator(), GotoPhase{1});  // so "back" and "goto 0" are real changes; phase 1 is timed
  }
  std::string snapshot() const {
    return session_view(state).dump() + roster_view(state).dump() + facilitator_view(state).dump() +
           activity_view(state).dump() + console_view(state).dump();
  }
};

TEST_F(RoleTable, CoversEveryCommand) {
  std::set<std::size_t> seen;
  for (const auto& row : table()) seen.insert(row.command.index());
  EXPECT_EQ(seen.size(), std::variant_size_v<Command>);
}

TEST_F(RoleTable, OnlyTheRightRoleMayRunEachCommand) {
  const Actor::Kind kinds[] = {Actor::Kind::visitor, Actor::Kind::participant, Actor::Kind::facilitator,
                               Actor::Kind::system};
  for (const auto& row : table()) {
    EXPECT_EQ(required_role(row.command), row.allowed) << row.name;
    SessionState saved = state;
    if (row.needs_pause) core::apply(state, TimerPaused{now});
    if (row.prepare) row.prepare(state);
    for (auto kind : kinds) {
      const std::string before = snapshot();
      auto outcome = decide(state, as(kind), row.command, now + row.later);
      if (kind == row.allowed) {
        EXPECT_TRUE(outcome.ok()) << row.name << " should be allowed: "
                                  << (outcome.rejection ? outcome.rejection->message : "");
        EXPECT_FALSE(outcome.events.empty()) << row.name;
        continue;
      }
      ASSERT_FALSE(outcome.ok()) << row.name << " must be refused for role " << static_cast<int>(kind);
      EXPECT_EQ(outcome.rejection->code, protocol::ErrorCode::forbidden) << row.name;
      EXPECT_TRUE(outcome.events.empty()) << row.name;
      EXPECT_EQ(snapshot(), before) << row.name;
    }
    state = saved;
  }
}

TEST_F(RoleTable, AParticipantCannotActAsTheFacilitatorOnAnyCommand) {
  // The threat the table exists for, stated on its own: every facilitator command from a participant.
  for (const auto& row : table()) {
    if (row.allowed != Actor::Kind::facilitator) continue;
    SessionState saved = state;
    if (row.prepare) row.prepare(state);
    const std::string before = snapshot();
    for (const auto& e : decide(state, Actor::participant("p1"), row.command, now + row.later).events) core::apply(state, e);
    EXPECT_EQ(snapshot(), before) << row.name;
    state = saved;
  }
}

}  // namespace
}  // namespace huddle::core
