#pragma once
// Times as the HTTP API writes them: ISO 8601 in UTC to the second ("2027-01-12T09:30:00Z").
#include <string>

#include "core/millis.hpp"

namespace huddle::core {

// Milliseconds since the Unix epoch -> "YYYY-MM-DDTHH:MM:SSZ" (milliseconds dropped, rounding down, also
// before 1970).
std::string iso_utc(Millis at);

}  // namespace huddle::core
