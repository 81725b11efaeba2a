#pragma once
// Turns a scenario file's text into a validated Scenario, or every error found in it, in file order, each
// with its line, column and JSON pointer. Checks everything scenarios/schema/scenario.schema.json and
// scenarios/README.md say (see activity_checks.hpp for the activities). Pure: no file I/O.
#include <memory>
#include <string_view>
#include <variant>
#include <vector>

#include "core/scenario.hpp"
#include "scenario/scenario_error.hpp"

namespace huddle::scenario {

using ParseResult = std::variant<std::shared_ptr<const core::Scenario>, std::vector<ScenarioError>>;

// `file_name` is used in messages and to check that the id matches the file ("<id>.json"); pass an empty
// name to skip that check (a session replayed from the journal).
ParseResult parse_scenario(std::string_view text, std::string_view file_name);

}  // namespace huddle::scenario
