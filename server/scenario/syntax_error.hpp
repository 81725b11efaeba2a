#pragma once
// Reads a script's JSON (comments allowed) and, when it is not valid JSON, says where it goes wrong, as a
// ScenarioError with line and column: scenario and programme files are refused the same way.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scenario/scenario_error.hpp"

namespace huddle::scenario {

// Parses `text` into `doc`; on text that is not JSON, returns the first problem, placed, with an empty pointer.
std::optional<ScenarioError> syntax_error(std::string_view text, const std::string& file, nlohmann::json& doc);

}  // namespace huddle::scenario
