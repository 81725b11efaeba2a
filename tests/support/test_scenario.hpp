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

}  // namespace huddle::test
