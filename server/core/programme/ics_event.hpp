#pragma once
// One entry of a member's calendar feed (ics_feed.hpp): a live session at a time, or a due date for a day.
#include <chrono>
#include <optional>
#include <string>

#include "core/millis.hpp"

namespace huddle::core {

struct IcsEvent {
  // Tells this entry apart within the feed ("session-2", "task-2", "refresher-3"). With the calendar's
  // uid_base it is the entry's UID, which must stay the same from one fetch of the feed to the next: a
  // calendar updates the entry with the same UID (a session moved) instead of adding a second one.
  std::string uid_suffix;
  std::string summary;      // the entry's title
  std::string description;  // "" = none
  std::string url;          // "" = none; a link to open (the member's page), without the secret part
  // A timed entry (all_day empty): from `start` (UTC) for duration_minutes (0: a moment, no end).
  Millis start = 0;
  int duration_minutes = 0;
  // An all-day entry on this date (a task's due date): shown on the day in every time zone, and as free time.
  std::optional<std::chrono::year_month_day> all_day;
};

}  // namespace huddle::core
