#pragma once
// One field of a CSV file that a spreadsheet opens safely (RFC 4180): text is quoted with its quotes
// doubled, and text starting with = + - @ (or a tab or carriage return) gets a leading ' so a spreadsheet
// never runs a participant's words as a formula. Shared by every report that exports CSV.
#include <string>

#include <nlohmann/json.hpp>

namespace huddle::core {

// null -> empty; a string -> quoted and escaped; anything else (numbers, booleans) -> as JSON writes it.
std::string csv_field(const nlohmann::json& value);

}  // namespace huddle::core
