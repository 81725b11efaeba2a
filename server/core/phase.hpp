#pragma once
// One step of a scenario: what the facilitator runs next and the activity it hosts.
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace huddle::core {

struct RoleplaySettings;

struct Phase {
  std::string title;
  std::string notes;  // for the facilitator only
  std::optional<int> duration_seconds;
  bool auto_advance = false;
  std::string activity_kind;  // info, poll, cards, roleplay, fishbowl
  nlohmann::json activity;    // the activity's settings as written in the scenario
  // A roleplay's settings, read once when the scenario is loaded (scenario_parser.cpp): views read them for
  // every participant on every push during breakouts. Null for other kinds, and in scenarios built by hand.
  std::shared_ptr<const RoleplaySettings> roleplay = nullptr;
};

}  // namespace huddle::core
