#pragma once
// A validated programme script (scenarios/programmes/*.json, scenarios/README.md "Programmes"): a cohort's
// sessions in order, the micro-task after each, optional refreshers between them, and the manager's weekly
// observation checklist. A cohort keeps the copy it started with, whatever happens to the file later.
#include <optional>
#include <string>
#include <vector>

namespace huddle::core {

// What a member brings back from a micro-task: any of a free-text reflection, a 1–5 self-rating against
// competencies, and a yes/no answer. At least one is asked.
struct MicroTask {
  std::string title;        // "Run one 1:1 with the coaching model"
  std::string text;         // what to do, in a few sentences
  int due_days = 7;         // due this many days after the session's planned date (1–28)
  std::string text_prompt;  // "" = no free text asked; else the question the reflection answers
  std::vector<std::string> competencies;  // empty = no self-rating; else rated 1–5 each (the scenario's, or a subset)
  std::string yes_no_question;            // "" = no yes/no asked
};

// One poll question or one card prompt, delivered to members between two sessions.
struct Refresher {
  int day = 1;                       // opens this many days after the session's planned date
  std::string poll_question;         // a poll ("" when this is a card prompt)
  std::vector<std::string> options;  // the poll's options (2–6)
  std::string card_prompt;           // a card prompt ("" when this is a poll); answers are anonymous cards
  bool is_poll() const noexcept { return !poll_question.empty(); }
};

struct ProgrammeSession {
  std::string scenario;  // a scenario id (scenarios/<id>.json); a pod scenario is run by each pod on its own
  std::string title;     // the session's heading in schedules; the scenario's title when the file gives none
  int day = 0;           // planned date: this many days after the cohort's start (the same time of day)
  bool pod = false;      // the scenario's mode is "pod": each pod runs it on its own (else one facilitated session)
  int duration_minutes = 0;  // the scenario's duration_minutes, for schedules and calendars
  std::optional<MicroTask> task;
  std::optional<Refresher> refresher;
};

struct Programme {
  std::string id;
  std::string title;
  std::string description;
  std::string language = "en";
  // "anonymous" (the default): a task's free-text reflection is stored with no author, released to the
  // facilitator only in shuffled batches as cards are, and never shown to a manager. "named": stored with
  // the member, shown with their name.
  bool anonymous_reflections = true;
  int pod_size = 4;           // 3–5 people per pod
  bool rotate_pods = false;   // false: the same peers all programme; true: new pods for every session
  std::vector<ProgrammeSession> sessions;      // 1–12, in order of `day`
  std::vector<std::string> manager_checklist;  // 1–8 behaviours a manager looks for each week
  std::string source;  // the file's text, kept with each cohort so a restart rebuilds the same programme
};

}  // namespace huddle::core
