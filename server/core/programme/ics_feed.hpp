#pragma once
// A member's sessions and due dates as an iCalendar feed (RFC 5545), which every calendar app can subscribe
// to: Huddle sends no mail, the member's own calendar reminds them (issue 18, "Notifications").
#include <cstddef>
#include <string>

#include "core/programme/ics_calendar.hpp"

namespace huddle::core {

// The whole VCALENDAR text: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 sequence), text
// escaped, so nothing a member, facilitator or programme author typed can end a line or add a property.
std::string ics_feed(const IcsCalendar& calendar);

// Octets per line before folding (RFC 5545 3.1), not counting the CRLF.
inline constexpr std::size_t ics_line_octets = 75;

}  // namespace huddle::core
