#pragma once
// `huddle check-scenarios DIR`: every scenario in DIR and every programme in DIR/programmes checked as the
// server would load them, so a facilitator's own CI can refuse a broken file before a server skips it.
#include <filesystem>
#include <ostream>

namespace huddle::scenario {

// Writes each error ("file:line:col: /pointer: message") to `err` and a summary line to `out` ("5 valid
// scenario(s), 1 valid programme(s), 0 error(s) in DIR"). Returns 0 when there is no error and at least one
// valid scenario, 1 otherwise.
int check_folder(const std::filesystem::path& dir, std::ostream& out, std::ostream& err);

}  // namespace huddle::scenario
