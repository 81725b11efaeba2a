// The phase engine's clock: deadlines as absolute times, pause/resume, added time, the "almost up" warning,
// and auto-advance. Time is passed in; nothing sleeps.
#include <gtest/gtest.h>

#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

class PhaseTimerTest : public test::SessionFixture {
 protected:
  // Phase 1 of the test scenario lasts 120 s.
  void start_timed_phase() { ASSERT_TRUE(run(Actor::facilitator(), GotoPhase{1}).ok()); }
  Outcome tick_at(Millis t) {
    now = t;
    return run(Actor::system(), Tick{});
  }
  nlohmann::json timer() { return session_view(state)["phase"]["timer"]; }
  // Restarts the session on a scenario whose timed phase 1 moves on by itself.
  void use_auto_advancing_scenario() {
    auto scenario = std::make_shared<Scenario>(*test::three_phase_scenario());
    scenario->phases[1].auto_advance = true;
    state = {};
    core::apply(state, create_session("ABCDEF", "k", scenario, 100, now));
  }
};

TEST_F(PhaseTimerTest, APhaseWithoutDurationHasNoTimer) {
  run(Actor::facilitator(), NextPhase{});
  EXPECT_TRUE(timer().is_null());
  EXPECT_FALSE(next_wakeup(state));
  EXPECT_EQ(run(Actor::facilitator(), PauseTimer{}).rejection->code, protocol::ErrorCode::phase_invalid);
}

TEST_F(PhaseTimerTest, TheDeadlineIsAnAbsoluteServerTime) {
  const Millis started = now;
  start_timed_phase();
  EXPECT_EQ(timer()["deadline"], started + 120'000);
  EXPECT_EQ(timer()["durationSeconds"], 120);
  EXPECT_EQ(session_view(state)["phase"]["startedAt"], started);
}

TEST_F(PhaseTimerTest, WarnsOnceWhenTimeIsAlmostUpThenExpires) {
  const Millis start = now;
  start_timed_phase();
  const Millis lead = warning_lead_ms(120'000);
  EXPECT_EQ(lead, 24'000);
  EXPECT_EQ(next_wakeup(state), start + 120'000 - lead);
  EXPECT_TRUE(tick_at(start + 60'000).events.empty());  // nothing due
  EXPECT_FALSE(timer()["endingSoon"]);
  ASSERT_EQ(tick_at(start + 96'000).events.size(), 1u);
  EXPECT_TRUE(timer()["endingSoon"]);
  EXPECT_TRUE(tick_at(start + 97'000).events.empty());  // warned once only
  EXPECT_EQ(next_wakeup(state), start + 120'000);
  tick_at(start + 120'000);
  EXPECT_TRUE(timer()["timeUp"]);
  EXPECT_FALSE(timer()["endingSoon"]);
  EXPECT_FALSE(next_wakeup(state));
  EXPECT_EQ(state.phase, 1);  // no auto-advance in this phase
}

TEST_F(PhaseTimerTest, WarningLeadStaysBetweenTenAndSixtySeconds) {
  EXPECT_EQ(warning_lead_ms(20'000), 10'000);
  EXPECT_EQ(warning_lead_ms(600'000), 60'000);
  EXPECT_EQ(warning_lead_ms(3'600'000), 60'000);
}

TEST_F(PhaseTimerTest, PauseFreezesTheRemainingTimeAndResumeMovesTheDeadline) {
  const Millis start = now;
  start_timed_phase();
  now = start + 30'000;
  ASSERT_TRUE(run(Actor::facilitator(), PauseTimer{}).ok());
  EXPECT_TRUE(timer()["paused"]);
  EXPECT_TRUE(timer()["deadline"].is_null());
  EXPECT_EQ(timer()["remainingMs"], 90'000);
  EXPECT_FALSE(next_wakeup(state));
  EXPECT_TRUE(tick_at(start + 500'000).events.empty());  // a paused phase never runs out
  ASSERT_TRUE(run(Actor::facilitator(), ResumeTimer{}).ok());
  EXPECT_EQ(timer()["deadline"], start + 500'000 + 90'000);
  EXPECT_FALSE(timer()["paused"]);
  EXPECT_EQ(run(Actor::facilitator(), ResumeTimer{}).rejection->code, protocol::ErrorCode::phase_invalid);
}

TEST_F(PhaseTimerTest, AddedTimeMovesTheDeadlineAndClearsTheWarning) {
  const Millis start = now;
  start_timed_phase();
  tick_at(start + 100'000);
  ASSERT_TRUE(timer()["endingSoon"]);
  ASSERT_TRUE(run(Actor::facilitator(), ExtendTimer{120}).ok());
  EXPECT_EQ(timer()["deadline"], start + 240'000);
  EXPECT_FALSE(timer()["endingSoon"]);
  EXPECT_EQ(timer()["durationSeconds"], 240);
}

TEST_F(PhaseTimerTest, AddedTimeAfterTheEndRunsFromNow) {
  const Millis start = now;
  start_timed_phase();
  tick_at(start + 130'000);
  ASSERT_TRUE(timer()["timeUp"]);
  ASSERT_TRUE(run(Actor::facilitator(), ExtendTimer{60}).ok());
  EXPECT_FALSE(timer()["timeUp"]);
  EXPECT_EQ(timer()["deadline"], start + 130'000 + 60'000);
}

TEST_F(PhaseTimerTest, ExtensionsAreBounded) {
  start_timed_phase();
  EXPECT_EQ(run(Actor::facilitator(), ExtendTimer{0}).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_EQ(run(Actor::facilitator(), ExtendTimer{3601}).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_TRUE(run(Actor::facilitator(), ExtendTimer{-30}).ok());
}

TEST_F(PhaseTimerTest, AutoAdvanceMovesOnWhenTimeIsUp) {
  use_auto_advancing_scenario();
  const Millis start = now;
  start_timed_phase();
  auto outcome = tick_at(start + 120'000);
  ASSERT_EQ(outcome.events.size(), 2u);
  EXPECT_EQ(state.phase, 2);
  EXPECT_EQ(state.phase_started_at, start + 120'000);
  EXPECT_TRUE(timer().is_null());  // phase 2 is untimed
}

TEST_F(PhaseTimerTest, ALateTickStillStartsTheNextPhaseAtTheDeadline) {
  use_auto_advancing_scenario();
  const Millis start = now;
  start_timed_phase();
  tick_at(start + 120'000 + 750);  // the server was busy for 750 ms
  EXPECT_EQ(state.phase, 2);
  EXPECT_EQ(state.phase_started_at, start + 120'000);
}

TEST_F(PhaseTimerTest, MovingToAnotherPhaseRestartsItsClock) {
  const Millis start = now;
  start_timed_phase();
  now = start + 50'000;
  run(Actor::facilitator(), PreviousPhase{});
  run(Actor::facilitator(), NextPhase{});
  EXPECT_EQ(timer()["deadline"], start + 50'000 + 120'000);
}

TEST_F(PhaseTimerTest, ReplayRebuildsTheSameClock) {
  std::vector<Event> journal{create_session("ABCDEF", "k", test::three_phase_scenario(), 100, now)};
  state = {};
  core::apply(state, journal[0]);
  auto record = [&](const Actor& a, const Command& c) {
    for (auto& e : run(a, c).events) journal.push_back(e);
  };
  record(Actor::facilitator(), GotoPhase{1});
  now += 10'000;
  record(Actor::facilitator(), PauseTimer{});
  now += 10'000;
  record(Actor::facilitator(), ResumeTimer{});
  record(Actor::facilitator(), ExtendTimer{30});
  SessionState replayed;
  for (const auto& e : journal) core::apply(replayed, e);
  EXPECT_EQ(session_view(replayed), session_view(state));
}

}  // namespace
}  // namespace huddle::core
