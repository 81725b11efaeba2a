#pragma once
// A programme built by hand (not parsed: the tests do not depend on the parser) and a cohort fixture that
// enrols people and runs sessions with readable steps.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/programme/cohort.hpp"

namespace huddle::core::test {

inline constexpr Millis day = 24LL * 60 * 60 * 1000;
inline constexpr Millis start = 1'800'000'000'000;  // 2027-01-15T08:00:00Z

// Session 1: facilitated, a task asking all three kinds of answer, a poll refresher on day 3.
// Session 2: a pod session, a task asking a reflection and one rating, a card refresher on day 2.
// Session 3: facilitated, no task. Source "named..." gives named reflections; "rotate" in it rotates pods.
inline std::shared_ptr<const Programme> make_programme(const std::string& source) {
  auto p = std::make_shared<Programme>();
  p->id = "first-time-manager";
  p->title = "First-time manager";
  p->description = "Six weeks.";
  p->anonymous_reflections = source.find("named") == std::string::npos;
  p->rotate_pods = source.find("rotate") != std::string::npos;
  p->pod_size = 4;
  p->manager_checklist = {"Asked before telling", "Gave specific feedback", "Agreed a next step"};
  p->source = source;

  ProgrammeSession s1;
  s1.scenario = "coaching-basics";
  s1.title = "Coaching basics";
  s1.day = 0;
  s1.duration_minutes = 90;
  s1.task = MicroTask{"Run one 1:1 with the coaching model", "Use GROW in one 1:1 this week.", 7,
                      "What did you notice?", {"Listening", "Questions"}, "Did you run it?"};
  s1.refresher = Refresher{3, "How confident are you?", {"Not yet", "Somewhat", "Very"}, ""};
  ProgrammeSession s2;
  s2.scenario = "feedback-pods";
  s2.title = "Feedback practice";
  s2.day = 7;
  s2.pod = true;
  s2.duration_minutes = 45;
  s2.task = MicroTask{"Give one piece of feedback", "Use SBI once.", 5, "How did it land?", {"Listening"}, ""};
  s2.refresher = Refresher{2, "", {}, "One thing you will try next"};
  ProgrammeSession s3;
  s3.scenario = "wrap-up";
  s3.title = "Wrap-up";
  s3.day = 14;
  s3.duration_minutes = 60;
  p->sessions = {s1, s2, s3};
  return p;
}

inline std::shared_ptr<const Programme> parse_test_programme(const std::string& source) { return make_programme(source); }

class CohortFixture : public ::testing::Test {
 protected:
  Cohort cohort = Cohort::create("c-1", make_programme("anonymous"), "Spring cohort", "KEYHASH-1", "ENROL1", start, start - day);
  Millis now = start - day;
  std::uint64_t seed = 42;

  void use(const std::string& source) {
    cohort = Cohort::create("c-1", make_programme(source), "Spring cohort", "KEYHASH-1", "ENROL1", start, start - day);
  }
  // Enrols `name` as member "m-<name>" with token hash "tok-<name>" and feed hash "feed-<name>".
  void enrol(const std::string& name) {
    auto r = cohort.enrol("m-" + name, name, "tok-" + name, "feed-" + name, now);
    ASSERT_FALSE(r) << r->message;
  }
  void enrol_all(const std::vector<std::string>& names) {
    for (const auto& n : names) enrol(n);
  }
  void start_session(int session, int pod = 0) {
    auto r = cohort.session_started(session, pod, "CODE" + std::to_string(session) + "-" + std::to_string(pod), ++seed, now);
    ASSERT_FALSE(r) << r->message;
  }
  std::optional<Rejection> answer(const std::string& name, int session, TaskInput input) {
    return cohort.answer_task("m-" + name, session, input, ++seed, now);
  }
  static TaskInput text(std::string t) {
    TaskInput in;
    in.text = std::move(t);
    return in;
  }
};

}  // namespace huddle::core::test
