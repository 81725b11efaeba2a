#pragma once
// A small scenario for tests, built in code so a test shows what it depends on.
#include <memory>

#include "core/scenario.hpp"

namespace huddle::test {

inline std::shared_ptr<const core::Scenario> three_phase_scenario() {
  auto s = std::make_shared<core::Scenario>();
  s->id = "test-scenario";
  s->title = "Test scenario";
  s->phases = {
      core::Phase{"Welcome", "Greet people", std::nullopt, false, "info", {{"kind", "info"}, {"text", "Hello"}}},
      core::Phase{"Warm-up poll", "Ask the room", 120, false, "poll",
                  {{"kind", "poll"}, {"pollKind", "single"}, {"question", "Tea or coffee?"},
                   {"options", {"Tea", "Coffee", "Neither"}}}},
      core::Phase{"Cards", "Collect questions", std::nullopt, false, "cards",
                  {{"kind", "cards"}, {"prompt", "What is still unclear?"}, {"releaseThreshold", 3}}},
  };
  return s;
}

// The three phases above and a breakout role-play as phase 3: rooms of 3 (manager, direct report, observer with
// a two-item checklist), two rounds of prepare 60 s, play 300 s, feedback 120 s, roles rotating.
inline std::shared_ptr<const core::Scenario> roleplay_scenario(std::string forming = "auto") {
  auto s = std::make_shared<core::Scenario>(*three_phase_scenario());
  s->phases.push_back(core::Phase{
      "Practice", "Rooms of three", std::nullopt, false, "roleplay",
      {{"kind", "roleplay"},
       {"situation", "A missed deadline"},
       {"groupSize", 3},
       {"rounds", 2},
       {"rotation", true},
       {"forming", forming},
       {"videoLinkTemplate", "https://meet.example.org/{code}-{phase}-{room}"},
       {"roles",
        {{{"id", "manager"}, {"name", "Manager"}, {"brief", "MANAGER BRIEF: open with a question."}},
         {{"id", "report"}, {"name", "Direct report"}, {"brief", "REPORT BRIEF: you were overloaded."}},
         {{"id", "observer"},
          {"name", "Observer"},
          {"brief", "OBSERVER BRIEF: watch the manager."},
          {"checklist", {"Asked an open question", "Agreed a next step"}}}}},
       {"timeline",
        {{{"step", "prepare"}, {"seconds", 60}}, {{"step", "play"}, {"seconds", 300}}, {{"step", "feedback"}, {"seconds", 120}}}}}});
  return s;
}

// The three phases above and a feedback fishbowl as phase 3: two inner seats and the empty chair.
inline std::shared_ptr<const core::Scenario> fishbowl_scenario(bool volunteer = true, bool named = false) {
  auto s = std::make_shared<core::Scenario>(*three_phase_scenario());
  s->phases.push_back(core::Phase{"Fishbowl", "Two seats and the empty chair", std::nullopt, false, "fishbowl",
                                  {{"kind", "fishbowl"},
                                   {"topic", "A 1:1 with Jo, who says all is fine"},
                                   {"seats", 2},
                                   {"emptyChair", true},
                                   {"seating", volunteer ? "volunteer" : "facilitator"},
                                   {"observations", named ? "named" : "anonymous"},
                                   {"prompt", "What opened Jo up?"}}});
  return s;
}

}  // namespace huddle::test
