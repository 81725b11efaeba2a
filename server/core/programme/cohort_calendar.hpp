#pragma once
// What a member's calendar feed (GET /api/calendar/FEED.ics) holds: each session at its planned time, each
// task's due date and each refresher's day as all-day entries. Built from the cohort alone (pure).
#include <string>

#include "core/millis.hpp"
#include "core/programme/cohort.hpp"

namespace huddle::core {

// The feed of `member_id`'s calendar as iCalendar text. Entries link to the member page without its secret
// (`page_url`, e.g. "https://host/member.html"): the personal link stays out of every calendar server.
std::string cohort_calendar(const Cohort& cohort, const std::string& member_id, Millis now, const std::string& page_url = "");

}  // namespace huddle::core
