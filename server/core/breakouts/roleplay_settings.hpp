#pragma once
// A roleplay phase's settings, read from the scenario's activity (already validated by the scenario checker,
// scenario/roleplay_checks.cpp, so reading here only fills defaults).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace huddle::core {

struct RoleplayRole {
  std::string id;
  std::string name;
  std::string brief;                   // private: only the people playing this role read it
  std::vector<std::string> checklist;  // behaviours an observer ticks; empty for playing roles
};

struct TimelineStep {
  std::string kind;  // prepare, play, feedback, reflect
  std::string label;
  int seconds = 0;
  std::string prompt;
};

struct RoleplaySettings {
  std::string situation;
  int group_size = 3;
  int rounds = 1;
  bool rotation = false;  // as scenarios/README.md documents: roles hold unless the author asks
  std::string forming = "auto";  // auto, manual, choose, reuse, new-partners
  std::vector<RoleplayRole> roles;
  std::vector<TimelineStep> timeline;
  std::string video_link_template;  // https://…{code}…{phase}…{room}; empty: no link

  static RoleplaySettings from_activity(const nlohmann::json& activity);
  // Every round's timeline end to end: the phase's countdown when the scenario gives it no durationSeconds.
  int planned_seconds() const;
  // The room's own call, from the template: {code}, {phase} and {room} (1-based) filled in.
  std::optional<std::string> video_link(const std::string& code, int phase, std::size_t room) const;
};

}  // namespace huddle::core
