#pragma once
// Times as the HTTP API writes them: ISO 8601 in UTC to the second ("2027-01-12T09:30:00Z").
#include <optional>
#include <string>
#include <string_view>

#include "core/millis.hpp"

namespace huddle::core {

// Milliseconds since the Unix epoch -> "YYYY-MM-DDTHH:MM:SSZ" (milliseconds dropped, rounding down, also
// before 1970).
std::string iso_utc(Millis at);
// "YYYY-MM-DDTHH:MM[:SS[.fff]]Z" -> milliseconds since the epoch; nothing for any other text or an
// impossible date (2027-02-30). Only UTC ('Z'): a browser converts its local time before sending.
std::optional<Millis> parse_iso_utc(std::string_view text);

}  // namespace huddle::core
