// Role-play seating as a facilitator plans it, through decide() and apply() as the hub runs them: a role-play
// without `rotation` keeps everyone in their role; several one-round role-plays with `forming: "reuse"` and
// `rotation: true` move everyone one seat along each time, so in a room of N, N such phases give everyone
// every role; `reuse` alone keeps the seat each person ended in; a role-play without `durationSeconds`
// counts down its rounds; and with `autoAdvance` it moves on when its last round ends, not before.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/breakouts/breakout_views.hpp"
#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

constexpr int step_seconds = 60;

// A role-play phase with one role per seat (role-0 … role-(seats-1)) and one 60-second step per round.
// `extra` is merged into the activity (rotation, forming).
Phase roleplay_phase(std::size_t seats, int rounds, json extra) {
  json roles = json::array();
  for (std::size_t i = 0; i < seats; ++i) {
    roles.push_back({{"id", "role-" + std::to_string(i)}, {"name", "Role " + std::to_string(i)}, {"brief", "Brief"}});
  }
  json activity = {{"kind", "roleplay"},
                   {"situation", "A case"},
                   {"groupSize", seats},
                   {"rounds", rounds},
                   {"roles", roles},
                   {"timeline", {{{"step", "play"}, {"seconds", step_seconds}}}}};
  activity.update(extra);
  return Phase{"Role-play", "", std::nullopt, false, "roleplay", activity};
}

class RoleplaySeating : public test::RecordingSessionFixture {
 protected:
  // Starts a session on `phases` with `people` participants p0, p1, …
  void begin(std::vector<Phase> phases, int people) {
    auto scenario = std::make_shared<Scenario>();
    scenario->id = "seating";
    scenario->title = "Seating";
    scenario->phases = std::move(phases);
    state = SessionState{};
    record(create_session("ABCDEF", "keyhash", scenario, 100, now));
    for (int i = 0; i < people; ++i) {
      const std::string id = "p" + std::to_string(i);
      ASSERT_TRUE(act(Actor::visitor(), JoinSession{id, "Person " + std::to_string(i), "h" + id}).ok());
      ASSERT_TRUE(act(Actor::system(), Connect{id}).ok());  // rooms are formed with the people online
      ids.push_back(id);
    }
  }

  // Runs role-play phase `phase` from forming to its last round and returns each person's role id, round by round.
  std::map<std::string, std::vector<std::string>> play(int phase) {
    std::map<std::string, std::vector<std::string>> roles;
    EXPECT_TRUE(act(Actor::facilitator(), GotoPhase{phase}).ok());
    EXPECT_TRUE(act(Actor::facilitator(), FormRooms{"", 7}).ok());
    EXPECT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
    for (;;) {
      for (const auto& id : ids) roles[id].push_back(room_view(state, id)["room"]["role"]["id"]);
      if (room_view(state, ids[0])["room"]["clock"]["done"]) break;
      now += step_seconds * 1000;
      act(Actor::system(), Tick{});
      if (room_view(state, ids[0])["room"]["clock"]["done"]) break;
    }
    return roles;
  }

  std::vector<std::string> ids;
};

TEST_F(RoleplaySeating, WithoutTheRotationFieldEveryoneKeepsTheirRoleInEveryRound) {
  for (std::size_t n = 2; n <= 5; ++n) {
    begin({roleplay_phase(n, 3, json::object())}, static_cast<int>(n));
    for (const auto& [id, rounds] : play(0)) {
      ASSERT_EQ(rounds.size(), 3u) << id;
      EXPECT_EQ(rounds[1], rounds[0]) << id << " in a room of " << n << " changed role in round 2";
      EXPECT_EQ(rounds[2], rounds[0]) << id << " in a room of " << n << " changed role in round 3";
    }
    ids.clear();
  }
}

// The bundled scenarios' shape, over rooms of 2 to 5: an `auto` role-play of one round, then one-round role-plays
// with `reuse` + `rotation` until there are as many as people in the room.
TEST_F(RoleplaySeating, ReusedRoomsWithRotationGiveEveryoneADifferentRoleInEachPhase) {
  for (std::size_t n = 2; n <= 5; ++n) {
    std::vector<Phase> phases{roleplay_phase(n, 1, json::object())};
    for (std::size_t i = 1; i < n; ++i) phases.push_back(roleplay_phase(n, 1, {{"forming", "reuse"}, {"rotation", true}}));
    begin(phases, static_cast<int>(n));
    std::map<std::string, std::vector<std::string>> played;  // person -> role in each phase
    for (std::size_t phase = 0; phase < n; ++phase) {
      for (const auto& [id, rounds] : play(static_cast<int>(phase))) played[id].push_back(rounds.at(0));
    }
    for (const auto& [id, roles] : played) {
      const std::set<std::string> distinct(roles.begin(), roles.end());
      EXPECT_EQ(distinct.size(), n) << id << " in a room of " << n << " played " << json(roles).dump();
      // One seat along each phase: the role after the one before, the last role followed by the first.
      for (std::size_t phase = 1; phase < n; ++phase) {
        const auto before = std::stoul(roles[phase - 1].substr(5));
        EXPECT_EQ(roles[phase], "role-" + std::to_string((before + 1) % n)) << id << " in a room of " << n;
      }
    }
    ids.clear();
  }
}

// `reuse` without rotation: everyone sits where they ended the last role-play, here after two rotating rounds.
TEST_F(RoleplaySeating, ReuseWithoutRotationKeepsTheSeatEachPersonEndedIn) {
  begin({roleplay_phase(3, 2, {{"rotation", true}}), roleplay_phase(3, 1, {{"forming", "reuse"}})}, 3);
  const auto first = play(0);
  const auto second = play(1);
  for (const auto& id : ids) EXPECT_EQ(second.at(id).at(0), first.at(id).at(1)) << id;
}

// With reuse + rotation after a role-play of several rotating rounds, the next seat follows the last round's.
TEST_F(RoleplaySeating, ReuseWithRotationMovesOnFromTheLastRoundsSeat) {
  begin({roleplay_phase(4, 2, {{"rotation", true}}), roleplay_phase(4, 1, {{"forming", "reuse"}, {"rotation", true}})}, 4);
  const auto first = play(0);
  const auto second = play(1);
  for (const auto& id : ids) {
    const auto last = std::stoul(first.at(id).at(1).substr(5));
    EXPECT_EQ(second.at(id).at(0), "role-" + std::to_string((last + 1) % 4)) << id;
  }
}

TEST_F(RoleplaySeating, ARoleplayWithoutADurationCountsDownItsRoundsTimesItsTimeline) {
  Phase phase = roleplay_phase(3, 3, json::object());
  phase.activity["timeline"] = {{{"step", "prepare"}, {"seconds", 120}}, {{"step", "play"}, {"seconds", 420}},
                                {{"step", "feedback"}, {"seconds", 300}}};
  Phase timed = roleplay_phase(3, 3, json::object());
  timed.duration_seconds = 600;
  begin({phase, timed}, 3);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{0}).ok());
  const json timer = session_view(state)["phase"]["timer"];
  ASSERT_FALSE(timer.is_null()) << "a role-play without durationSeconds still shows a countdown";
  EXPECT_EQ(timer["durationSeconds"], 3 * (120 + 420 + 300));
  EXPECT_EQ(timer["deadline"], now + 3 * 840 * 1000);
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{1}).ok());
  EXPECT_EQ(session_view(state)["phase"]["timer"]["durationSeconds"], 600) << "a duration the author wrote wins";
}

TEST_F(RoleplaySeating, WithAutoAdvanceARoleplayMovesOnWhenItsLastRoundEndsNotWhenItsCountdownDoes) {
  Phase phase = roleplay_phase(3, 2, json::object());
  phase.auto_advance = true;
  begin({phase, Phase{"After", "", std::nullopt, false, "info", {{"kind", "info"}, {"text", "Back together"}}}}, 3);
  const Millis start = now;
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{0}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), FormRooms{"", 7}).ok());
  now = start + 30'000;  // the rounds start half a minute into the phase
  ASSERT_TRUE(act(Actor::facilitator(), StartRounds{}).ok());
  now = start + 90'000;
  act(Actor::system(), Tick{});  // round 1 over
  now = start + 120'000;
  act(Actor::system(), Tick{});  // the phase's countdown of two rounds is over, the rooms' second round is not
  EXPECT_EQ(session_view(state)["phase"]["index"], 0) << "the rooms are still in their last round";
  now = start + 150'000;
  act(Actor::system(), Tick{});
  EXPECT_EQ(session_view(state)["phase"]["index"], 1) << "the last round is over: on to the next phase";
  EXPECT_EQ(session_view(state)["phase"]["startedAt"], start + 150'000);
}

}  // namespace
}  // namespace huddle::core
