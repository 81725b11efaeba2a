#pragma once
// The programme report (Cohort::report, with the hub's "repeatedPolls") as CSV for a spreadsheet.
#include <string>

#include <nlohmann/json.hpp>

namespace huddle::core {

// RFC 4180, one header row, one row per fact: section, session, title, item, detail, count, of. Sections:
// attendance, person (one row per person and session), task, rating, check-in, reflection, refresher card,
// repeated poll. Text is quoted and escaped against formulas as in the session report (core/csv_field.hpp).
std::string programme_report_csv(const nlohmann::json& report);

}  // namespace huddle::core
