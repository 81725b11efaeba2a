#pragma once
// One step of a scenario: what the facilitator runs next and the activity it hosts.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace huddle::core {

struct Phase {
  std::string title;
  std::string notes;  // for the facilitator only
  std::optional<int> duration_seconds;
  bool auto_advance = false;
  std::string activity_kind;  // info, poll, cards, roleplay, fishbowl
  nlohmann::json activity;    // the activity's settings as written in the scenario
};

}  // namespace huddle::core
