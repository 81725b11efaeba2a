#pragma once
// How a programme's parser learns which scenarios exist: a programme names its sessions' scenarios by id, and
// checks a self-rating's competencies against the scenario's own.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace huddle::scenario {

struct ScenarioLookup {
  // The valid scenario with this id, or null.
  std::function<std::shared_ptr<const core::Scenario>(const std::string& id)> find;
  // Every valid scenario's id, sorted: messages about a misspelt id name what there is.
  std::function<std::vector<std::string>()> ids;

  // A lookup over a fixed set (a catalog's list() at one moment, or a test's own scenarios).
  static ScenarioLookup of(std::vector<std::shared_ptr<const core::Scenario>> scenarios);
};

}  // namespace huddle::scenario
