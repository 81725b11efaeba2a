#include "scenario/scenario_error.hpp"

namespace huddle::scenario {

std::string ScenarioError::describe() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!pointer.empty()) out += pointer + ": ";
  return out + message;
}

}  // namespace huddle::scenario
