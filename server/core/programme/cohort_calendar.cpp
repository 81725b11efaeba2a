#include "core/programme/cohort_calendar.hpp"

#include <chrono>

#include "core/programme/ics_calendar.hpp"
#include "core/programme/ics_feed.hpp"

namespace huddle::core {
namespace {

// The UTC date a moment falls on: an all-day entry shows on that date in every time zone.
std::chrono::year_month_day date_of(Millis at) {
  using namespace std::chrono;
  return year_month_day{floor<days>(sys_time<milliseconds>{milliseconds{at}})};
}

}  // namespace

std::string cohort_calendar(const Cohort& cohort, const std::string& member_id, Millis now, const std::string& page_url) {
  const Programme& programme = cohort.programme();
  IcsCalendar calendar;
  calendar.name = programme.title;
  calendar.uid_base = cohort.id() + "-" + member_id + "@huddle";
  calendar.generated_at = now;
  for (std::size_t i = 0; i < programme.sessions.size(); ++i) {
    const int n = static_cast<int>(i + 1);
    const ProgrammeSession& s = programme.sessions[i];
    IcsEvent session;
    session.uid_suffix = "session-" + std::to_string(n);
    session.summary = programme.title + ": " + s.title;
    session.description = s.pod ? "A pod session: your pod runs it together. Open your programme page to start or join it."
                                : "A live session. Open your programme page to join it when it starts.";
    session.url = page_url;
    session.start = cohort.planned_at(n);
    session.duration_minutes = s.duration_minutes;
    calendar.events.push_back(std::move(session));
    if (s.task) {
      IcsEvent due;
      due.uid_suffix = "task-" + std::to_string(n);
      due.summary = "Due: " + s.task->title;
      due.description = s.task->text;
      due.url = page_url;
      due.all_day = date_of(cohort.task_due_at(n));
      calendar.events.push_back(std::move(due));
    }
    if (s.refresher) {
      IcsEvent refresher;
      refresher.uid_suffix = "refresher-" + std::to_string(n);
      refresher.summary = "Refresher: " + (s.refresher->is_poll() ? s.refresher->poll_question : s.refresher->card_prompt);
      refresher.url = page_url;
      refresher.all_day = date_of(cohort.refresher_opens_at(n));
      calendar.events.push_back(std::move(refresher));
    }
  }
  return ics_feed(calendar);
}

}  // namespace huddle::core
