#pragma once
// What one member's calendar feed holds (ics_feed.hpp).
#include <string>
#include <vector>

#include "core/millis.hpp"
#include "core/programme/ics_event.hpp"

namespace huddle::core {

struct IcsCalendar {
  std::string name;      // what the calendar app calls the subscribed calendar (the cohort's title)
  std::string uid_base;  // the same for every fetch of this member's feed: "cohortid-memberid@huddle"
  Millis generated_at = 0;  // now: each entry's DTSTAMP
  std::vector<IcsEvent> events;
};

}  // namespace huddle::core
