#pragma once
// One problem in a scenario file, precise enough to fix without guessing.
#include <string>

namespace huddle::scenario {

struct ScenarioError {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is not tied to a place in the text
  int column = 0;  // 1-based
  std::string pointer;  // JSON pointer of the bad field, e.g. "/phases/3/activity/roles"
  std::string message;  // what was expected

  // "first-time-manager.json:41:17: /phases/3/activity/roles: a role-play needs at least 2 roles (found 1)"
  std::string describe() const;
};

}  // namespace huddle::scenario
