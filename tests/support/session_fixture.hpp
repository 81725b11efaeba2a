#pragma once
// A session in core with helpers to run commands the way the hub does (decide, then apply).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/rules.hpp"
#include "core/session_state.hpp"
#include "support/test_scenario.hpp"

namespace huddle::test {

class SessionFixture : public ::testing::Test {
 protected:
  core::SessionState state;
  core::Millis now = 1'800'000'000'000;

  void SetUp() override { core::apply(state, core::create_session("ABCDEF", "keyhash", three_phase_scenario(), 100, now)); }

  core::Outcome run(const core::Actor& actor, const core::Command& command) {
    auto outcome = core::decide(state, actor, command, now);
    for (const auto& e : outcome.events) core::apply(state, e);
    return outcome;
  }

  // Joins and returns the participant's final display name.
  std::string join(const std::string& id, const std::string& name) {
    auto outcome = run(core::Actor::visitor(), core::JoinSession{id, name, "hash-" + id});
    EXPECT_TRUE(outcome.ok()) << (outcome.rejection ? outcome.rejection->message : "");
    return outcome.ok() ? std::get<core::ParticipantJoined>(outcome.events.at(0)).name : "";
  }
};

// A session that keeps every event it applied, as the hub would store them, for tests that replay them.
class RecordingSessionFixture : public SessionFixture {
 protected:
  std::vector<core::Event> journal;

  void record(const core::Event& e) {
    journal.push_back(e);
    core::apply(state, e);
  }
  core::Outcome act(const core::Actor& actor, const core::Command& command) {
    auto outcome = core::decide(state, actor, command, now);
    for (const auto& e : outcome.events) record(e);
    return outcome;
  }
};

}  // namespace huddle::test
