#pragma once
// Turns a programme file's text (scenarios/programmes/<id>.json, scenarios/README.md "Programmes") into a
// validated Programme, or every error found in it, in file order, each with its line, column and JSON
// pointer, as scenario files are checked. Pure: no file I/O; the scenarios it names come from a lookup.
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/programme/programme.hpp"
#include "scenario/scenario_error.hpp"
#include "scenario/scenario_lookup.hpp"

namespace huddle::scenario {

using ProgrammeParseResult = std::variant<std::shared_ptr<const core::Programme>, std::vector<ScenarioError>>;

// `file_name` is used in messages and to check that the id matches the file ("<id>.json"). Every session's
// scenario must be one `scenarios` finds, and a self-rating's competencies must be that scenario's.
//
// The programme's `source` is the file's text with what it took from its scenarios written in, so that it
// stands on its own: a session without a title gets its scenario's title, and `"rating": true` becomes the
// list of the scenario's competencies. Comments and everything else stay as written.
ProgrammeParseResult parse_programme(std::string_view text, std::string_view file_name,
                                     const ScenarioLookup& scenarios);

// Rebuilds a cohort's programme from the `source` it kept, without the scenario folder: the scenarios may
// have changed or gone since, and the cohort runs what it started with. The structure is checked as above;
// which scenarios exist is not. Throws std::runtime_error naming the first problem when it doesn't parse.
std::shared_ptr<const core::Programme> parse_stored_programme(const std::string& source);

}  // namespace huddle::scenario
