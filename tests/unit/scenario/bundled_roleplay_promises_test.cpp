// Where a bundled scenario's notes promise that everyone plays every role ("each person plays Sam once"), its
// settings make it happen: the role-plays are run through decide() and apply() as the hub runs them, with a
// room of exactly the group size, and every person is seen in every seat.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/breakouts/breakout_views.hpp"
#include "core/rules.hpp"
#include "scenario/scenario_catalog.hpp"

namespace huddle::scenario {
namespace {

using namespace huddle::core;

std::filesystem::path source_dir() {
  if (const char* source = std::getenv("HUDDLE_SOURCE_DIR")) return source;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

// A promise in a scenario's notes, and the role-play phases (from 0) that keep it together.
struct Promise {
  std::string scenario;
  std::vector<int> phases;
  const char* words;  // what the notes say, so a failure names the promise
};

const std::vector<Promise> promises = {
    {"first-90-days", {5, 7, 8}, "everyone moves one seat along each time, so each person plays Sam once"},
    {"sales-objection-handling", {5, 7, 8}, "everyone moves one seat along, so each person plays the rep once"},
    {"first-time-manager", {5}, "by round three every person has played Priya once"},
    {"pod-missed-deadline", {3}, "in a pod of three each of you plays the manager, the team member and the observer once"},
};

// Runs the phases with `people` participants and returns, for each person, the seats (role indexes) they played.
std::map<std::string, std::set<std::size_t>> seats_played(const std::shared_ptr<const Scenario>& scenario,
                                                           const std::vector<int>& phases, int people) {
  SessionState state;
  Millis now = 1'800'000'000'000;
  auto run = [&](const Actor& actor, const Command& command) {
    auto outcome = decide(state, actor, command, now);
    for (const auto& e : outcome.events) apply(state, e);
    return outcome;
  };
  apply(state, create_session("ABCDEF", "keyhash", scenario, 100, now));
  std::vector<std::string> ids;
  for (int i = 0; i < people; ++i) {
    ids.push_back("p" + std::to_string(i));
    EXPECT_TRUE(run(Actor::visitor(), JoinSession{ids.back(), "Person " + std::to_string(i), "h" + ids.back()}).ok());
    EXPECT_TRUE(run(Actor::system(), Connect{ids.back()}).ok());  // rooms are formed with the people online
  }
  std::map<std::string, std::set<std::size_t>> seats;
  for (int phase : phases) {
    const auto& roles = scenario->phases[static_cast<std::size_t>(phase)].activity["roles"];
    EXPECT_TRUE(run(Actor::facilitator(), GotoPhase{phase}).ok()) << phase;
    if (scenario->mode != "pod") {  // a pod's own start forms its one room
      EXPECT_TRUE(run(Actor::facilitator(), FormRooms{"", 11}).ok()) << phase;
    }
    EXPECT_TRUE(run(Actor::facilitator(), StartRounds{}).ok()) << phase;
    for (int guard = 0; guard < 100; ++guard) {
      for (const auto& id : ids) {
        const std::string role = room_view(state, id)["room"]["role"]["id"];
        for (std::size_t i = 0; i < roles.size(); ++i) {
          if (roles[i]["id"] == role) {
            seats[id].insert(i);
          }
        }
      }
      if (room_view(state, ids[0])["room"]["clock"]["done"]) break;
      const auto wake = next_wakeup(state);
      if (!wake) break;
      now = *wake;
      run(Actor::system(), Tick{});
      if (room_view(state, ids[0])["room"]["clock"]["done"]) break;
    }
  }
  return seats;
}

TEST(BundledRoleplayPromises, EveryPersonPlaysEveryRoleWhereTheNotesSaySo) {
  ScenarioCatalog catalog(source_dir() / "scenarios", [](const ScenarioError& e) { ADD_FAILURE() << e.describe(); });
  for (const auto& promise : promises) {
    const auto scenario = catalog.find(promise.scenario);
    ASSERT_NE(scenario, nullptr) << promise.scenario;
    const auto& first = scenario->phases.at(static_cast<std::size_t>(promise.phases.front()));
    ASSERT_EQ(first.activity_kind, "roleplay") << promise.scenario;
    const int group = first.activity.value("groupSize", 3);
    const std::size_t roles = first.activity["roles"].size();
    for (const auto& [id, seats] : seats_played(scenario, promise.phases, group)) {
      EXPECT_EQ(seats.size(), roles) << promise.scenario << ": \"" << promise.words << "\", but " << id << " played "
                                     << seats.size() << " of " << roles << " roles";
    }
  }
}

// A guard for the table above: a new bundled role-play whose notes promise a role to everyone is listed there.
TEST(BundledRoleplayPromises, EveryPromiseInTheNotesIsChecked) {
  ScenarioCatalog catalog(source_dir() / "scenarios", [](const ScenarioError& e) { ADD_FAILURE() << e.describe(); });
  for (const auto& s : catalog.list()) {
    for (std::size_t i = 0; i < s->phases.size(); ++i) {
      const auto& notes = s->phases[i].notes;
      if (s->phases[i].activity_kind != "roleplay" || notes.find(" once") == std::string::npos) continue;
      bool listed = false;
      for (const auto& promise : promises) {
        if (promise.scenario != s->id) continue;
        for (int phase : promise.phases) listed = listed || phase == static_cast<int>(i);
      }
      EXPECT_TRUE(listed) << s->id << " phase " << i << " promises a role to everyone: list it in `promises`";
    }
  }
}

}  // namespace
}  // namespace huddle::scenario
