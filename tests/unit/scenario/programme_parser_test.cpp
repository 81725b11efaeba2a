// Validation of programme files: every broken file names the place (line, column, JSON pointer) and what
// was expected, as for scenarios; a valid one becomes the programme a cohort runs.
#include "scenario/programme_parser.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace huddle::scenario {
namespace {

// The scenario folder the programmes below are checked against: "demo" rates two competencies, "other"
// lists none.
ScenarioLookup two_scenarios() {
  auto demo = std::make_shared<core::Scenario>();
  demo->id = "demo";
  demo->title = "Demo scenario";
  demo->competencies = {"listening", "giving feedback"};
  auto other = std::make_shared<core::Scenario>();
  other->id = "other";
  other->title = "Other scenario";
  return ScenarioLookup::of({demo, other});
}

// Each key on a line of its own, so that the places in the table below can be counted by eye.
const std::string good = R"({
  "id": "demo-programme",
  "title": "Demo programme",
  "description": "For the tests.",
  "managerChecklist": ["Asks before advising", "Agrees next steps"],
  "sessions": [
    {
      "scenario": "demo",
      "day": 0,
      "task": {
        "title": "Ask first",
        "text": "Ask two open questions before advising.",
        "dueDays": 5,
        "bringBack": {"text": "What happened?", "rating": true, "yesNo": "Did you?"}
      },
      "refresher": {"day": 3, "card": "One thing you noticed"}
    },
    {
      "scenario": "other",
      "day": 7
    }
  ]
})";

std::string with(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<ScenarioError> errors_of(const std::string& text, std::string_view file = "demo-programme.json") {
  auto parsed = parse_programme(text, file, two_scenarios());
  EXPECT_TRUE(std::holds_alternative<std::vector<ScenarioError>>(parsed)) << text;
  return std::holds_alternative<std::vector<ScenarioError>>(parsed) ? std::get<std::vector<ScenarioError>>(parsed)
                                                                     : std::vector<ScenarioError>{};
}

std::shared_ptr<const core::Programme> programme_of(const std::string& text) {
  auto parsed = parse_programme(text, "demo-programme.json", two_scenarios());
  if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) {
    for (const auto& e : *errors) ADD_FAILURE() << e.describe();
    return nullptr;
  }
  return std::get<std::shared_ptr<const core::Programme>>(parsed);
}

TEST(ProgrammeParser, ReadsAValidFileWithItsDefaults) {
  auto p = programme_of(good);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "demo-programme");
  EXPECT_EQ(p->language, "en");
  EXPECT_TRUE(p->anonymous_reflections) << "reflections are anonymous unless the file says named";
  EXPECT_EQ(p->pod_size, 4);
  EXPECT_FALSE(p->rotate_pods);
  EXPECT_EQ(p->manager_checklist, (std::vector<std::string>{"Asks before advising", "Agrees next steps"}));
  ASSERT_EQ(p->sessions.size(), 2u);
  const auto& first = p->sessions[0];
  EXPECT_EQ(first.scenario, "demo");
  EXPECT_EQ(first.title, "Demo scenario") << "a session without a title is called what its scenario is";
  ASSERT_TRUE(first.task);
  EXPECT_EQ(first.task->due_days, 5);
  EXPECT_EQ(first.task->text_prompt, "What happened?");
  EXPECT_EQ(first.task->yes_no_question, "Did you?");
  EXPECT_EQ(first.task->competencies, (std::vector<std::string>{"listening", "giving feedback"}))
      << "\"rating\": true rates every competency of the scenario";
  ASSERT_TRUE(first.refresher);
  EXPECT_FALSE(first.refresher->is_poll());
  EXPECT_EQ(first.refresher->card_prompt, "One thing you noticed");
  EXPECT_EQ(p->sessions[1].day, 7);
  EXPECT_FALSE(p->sessions[1].task) << "the last session may have no task";
}

TEST(ProgrammeParser, ReadsEveryOptionAsWritten) {
  std::string text = with(good, R"("description": "For the tests.",)",
                          R"("description": "For the tests.", "language": "de-CH", "reflections": "named",
  "pods": {"size": 5, "rotate": "every-session"},)");
  text = with(text, R"("card": "One thing you noticed")",
              R"("poll": {"question": "How did it go?", "options": ["Well", "Badly"]})");
  text = with(text, R"("scenario": "other",)", R"("scenario": "other", "title": "Wrap-up",)");
  text = with(text, R"("rating": true)", R"("rating": ["giving feedback"])");
  auto p = programme_of(text);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->language, "de-CH");
  EXPECT_FALSE(p->anonymous_reflections);
  EXPECT_EQ(p->pod_size, 5);
  EXPECT_TRUE(p->rotate_pods);
  EXPECT_EQ(p->sessions[1].title, "Wrap-up");
  EXPECT_EQ(p->sessions[0].task->competencies, std::vector<std::string>{"giving feedback"});
  ASSERT_TRUE(p->sessions[0].refresher->is_poll());
  EXPECT_EQ(p->sessions[0].refresher->poll_question, "How did it go?");
  EXPECT_EQ(p->sessions[0].refresher->options, (std::vector<std::string>{"Well", "Badly"}));
}

struct Broken {
  const char* what;
  std::string text;
  std::string pointer;
  int line;
  int column;
  std::string message_part;
};

std::string checklist_of(int items) {
  std::string out = "[";
  for (int i = 0; i < items; ++i) out += (i ? ", \"" : "\"") + std::string("Behaviour number ") + std::to_string(i) + "\"";
  return out + "]";
}

std::string sessions_of(int count) {
  std::string out = "[";
  for (int i = 0; i < count; ++i) {
    out += i ? ",\n" : "";
    out += R"({"scenario": "other", "day": )" + std::to_string(i * 7) +
           R"(, "task": {"title": "Try it", "text": "Try it at work this week.", "dueDays": 7, "bringBack": {"yesNo": "Done?"}}})";
  }
  return out + "]";
}

TEST(ProgrammeParser, TableOfBrokenFiles) {
  const std::string session_1_days = R"("day": 7)" "\n";
  const std::vector<Broken> table{
      {"not JSON", with(good, R"("day": 0,)", R"("day": 0,,)"), "", 9, 16, "not valid JSON"},
      {"not an object", "[]", "", 1, 1, "must be a JSON object"},
      {"unknown field", with(good, R"("title": "Demo programme")", R"("titel": "Demo programme")"), "/titel", 3, 12,
       "unknown field \"titel\" (did you mean \"title\"?)"},
      {"missing title", with(good, R"("title": "Demo programme",)", ""), "/title", 1, 1, "missing"},
      {"key written twice", with(good, R"("day": 0,)", R"("day": 0, "day": 0,)"), "/sessions/0/day", 9, 17,
       "written earlier in this object"},
      {"id not the file's name", with(good, R"("demo-programme")", R"("other-programme")"), "/id", 2, 9,
       "must match the file name demo-programme.json"},
      {"id with capitals", with(good, R"("demo-programme")", R"("Demo")"), "/id", 2, 9, "lower-case letters"},
      {"id too short", with(good, R"("demo-programme")", R"("ab")"), "/id", 2, 9, "3 to 64 characters"},
      {"language not a tag", with(good, R"("description": "For the tests.",)",
                                  "\"description\": \"For the tests.\",\n  \"language\": \"English\","),
       "/language", 5, 15, "BCP 47"},
      {"reflections neither anonymous nor named", with(good, R"("description": "For the tests.",)",
                                                       "\"description\": \"For the tests.\",\n  \"reflections\": \"secret\","),
       "/reflections", 5, 18, "one of anonymous, named"},
      {"pod of six", with(good, R"("description": "For the tests.",)",
                          "\"description\": \"For the tests.\",\n  \"pods\": {\"size\": 6},"),
       "/pods/size", 5, 20, "3 to 5"},
      {"pods rotating weekly", with(good, R"("description": "For the tests.",)",
                                    "\"description\": \"For the tests.\",\n  \"pods\": {\"size\": 4, \"rotate\": \"weekly\"},"),
       "/pods/rotate", 5, 33, "one of never, every-session"},
      {"no checklist", with(good, R"(  "managerChecklist": ["Asks before advising", "Agrees next steps"],)" "\n", ""),
       "/managerChecklist", 1, 1, "missing"},
      {"empty checklist", with(good, R"(["Asks before advising", "Agrees next steps"])", "[]"), "/managerChecklist", 5,
       23, "at least one item"},
      {"nine checklist items", with(good, R"(["Asks before advising", "Agrees next steps"])", checklist_of(9)),
       "/managerChecklist", 5, 23, "at most 8 items"},
      {"checklist item too short", with(good, R"("Asks before advising")", R"("ab")"), "/managerChecklist/0", 5, 24,
       "too short"},
      {"checklist item twice", with(good, R"("Agrees next steps")", R"("Asks before advising")"),
       "/managerChecklist/1", 5, 48, "listed twice"},
      {"no sessions", with(good, good.substr(good.find("[\n    {")), "[]\n}"), "/sessions", 6, 15,
       "at least one session"},
      {"thirteen sessions", with(good, good.substr(good.find("[\n    {")), sessions_of(13) + "\n}"), "/sessions", 6, 15,
       "at most 12 sessions"},
      {"unknown scenario", with(good, R"("scenario": "demo")", R"("scenario": "demmo")"), "/sessions/0/scenario", 8, 19,
       "no scenario 'demmo' in this folder (scenarios: demo, other)"},
      {"unknown session field", with(good, R"("refresher": {)", R"("refreshers": {)"), "/sessions/0/refreshers", 16, 21,
       "did you mean \"refresher\"?"},
      {"session title too short", with(good, R"("scenario": "demo",)", R"("scenario": "demo", "title": "ab",)"),
       "/sessions/0/title", 8, 36, "too short"},
      {"first session not on day 0", with(good, R"("day": 0)", R"("day": 1)"), "/sessions/0/day", 9, 14,
       "the first session is on day 0"},
      {"day past a year", with(good, R"("day": 7)", R"("day": 400)"), "/sessions/1/day", 20, 14, "0 to 365"},
      {"days out of order",
       with(good, session_1_days,
            "\"day\": 7,\n      \"task\": {\"title\": \"Again\", \"text\": \"Ask two open questions again.\", \"dueDays\": 1, "
            "\"bringBack\": {\"yesNo\": \"Did you?\"}}\n    },\n    {\"scenario\": \"demo\", \"day\": 3\n"),
       "/sessions/2/day", 23, 33, "day 3 is before the session above it (day 7)"},
      {"no task before the next session", with(good, good.substr(good.find("\"task\""), good.find("\"refresher\"") - good.find("\"task\"")), ""),
       "/sessions/0/task", 7, 5, "every session but the last is followed by one"},
      {"task text too short", with(good, R"("Ask two open questions before advising.")", R"("Short")"),
       "/sessions/0/task/text", 12, 17, "too short"},
      {"due on the day", with(good, R"("dueDays": 5)", R"("dueDays": 0)"), "/sessions/0/task/dueDays", 13, 20, "1 to 28"},
      {"due in half days", with(good, R"("dueDays": 5)", R"("dueDays": 5.5)"), "/sessions/0/task/dueDays", 13, 20,
       "whole number"},
      {"due after the next session", with(good, R"("dueDays": 5)", R"("dueDays": 8)"), "/sessions/0/task/dueDays", 13,
       20, "due 8 days after this session, but the next session is 7 days after it"},
      {"last task due past 28 days",
       with(good, session_1_days,
            "\"day\": 7,\n      \"task\": {\"title\": \"Last\", \"text\": \"One more thing to try.\", \"dueDays\": 29, "
            "\"bringBack\": {\"yesNo\": \"Done?\"}}\n"),
       "/sessions/1/task/dueDays", 21, 78, "1 to 28"},
      {"bring back nothing", with(good, R"({"text": "What happened?", "rating": true, "yesNo": "Did you?"})", "{}"),
       "/sessions/0/task/bringBack", 14, 22, "asks for nothing"},
      {"misspelt rating", with(good, R"("rating": true)", R"("ratings": true)"), "/sessions/0/task/bringBack/ratings", 14,
       60, "did you mean \"rating\"?"},
      {"rating false", with(good, R"("rating": true)", R"("rating": false)"), "/sessions/0/task/bringBack/rating", 14,
       59, "expected true"},
      {"rating a competency the scenario doesn't have",
       with(good, R"("rating": true)", R"("rating": ["listening", "coaching"])"),
       "/sessions/0/task/bringBack/rating/1", 14, 73,
       "'coaching' is not a competency of scenario 'demo' (its competencies: listening, giving feedback)"},
      {"rating a competency twice", with(good, R"("rating": true)", R"("rating": ["listening", "listening"])"),
       "/sessions/0/task/bringBack/rating/1", 14, 73, "listed twice"},
      {"rating a scenario without competencies", with(good, R"("scenario": "demo")", R"("scenario": "other")"),
       "/sessions/0/task/bringBack/rating", 14, 59, "scenario 'other' lists no competencies"},
      {"yes/no question too short", with(good, R"("yesNo": "Did you?")", R"("yesNo": "ok")"),
       "/sessions/0/task/bringBack/yesNo", 14, 74, "too short"},
      {"refresher with a poll and a card",
       with(good, R"("card": "One thing you noticed")",
            R"("card": "One thing you noticed", "poll": {"question": "How did it go?", "options": ["Well", "Badly"]})"),
       "/sessions/0/refresher", 16, 20, "has both a poll and a card"},
      {"refresher with neither", with(good, R"(, "card": "One thing you noticed")", ""), "/sessions/0/refresher", 16, 20,
       "needs a poll"},
      {"refresher on the session's day", with(good, R"({"day": 3, "card")", R"({"day": 0, "card")"),
       "/sessions/0/refresher/day", 16, 28, "1 to 28"},
      {"refresher on the next session's day", with(good, R"({"day": 3, "card")", R"({"day": 7, "card")"),
       "/sessions/0/refresher/day", 16, 28, "opens 7 days after this session, but the next session is 7 days after it"},
      {"last refresher past 28 days",
       with(good, session_1_days, "\"day\": 7,\n      \"refresher\": {\"day\": 29, \"card\": \"Anything else?\"}\n"),
       "/sessions/1/refresher/day", 21, 28, "1 to 28"},
      {"refresher poll with one option",
       with(good, R"("card": "One thing you noticed")", R"("poll": {"question": "How did it go?", "options": ["Well"]})"),
       "/sessions/0/refresher/poll/options", 16, 81, "at least 2 options"},
      {"refresher poll with an option twice",
       with(good, R"("card": "One thing you noticed")",
            R"("poll": {"question": "How did it go?", "options": ["Well", "Well"]})"),
       "/sessions/0/refresher/poll/options/1", 16, 90, "listed twice"},
  };
  for (const auto& row : table) {
    auto errors = errors_of(row.text);
    ASSERT_FALSE(errors.empty()) << row.what;
    const ScenarioError* match = nullptr;
    for (const auto& e : errors) {
      if (!match && e.pointer == row.pointer && e.message.find(row.message_part) != std::string::npos) match = &e;
    }
    if (!match) {
      std::string all;
      for (const auto& e : errors) all += "\n  " + e.describe();
      ADD_FAILURE() << row.what << ": no error at " << row.pointer << " saying \"" << row.message_part << "\"; got" << all;
      continue;
    }
    EXPECT_EQ(match->describe().substr(0, match->describe().find(": ")),
              "demo-programme.json:" + std::to_string(row.line) + ":" + std::to_string(row.column))
        << row.what << ": " << match->describe();
  }
}

TEST(ProgrammeParser, ReportsEveryProblemInFileOrder) {
  std::string text = with(good, R"("dueDays": 5)", R"("dueDays": 99)");
  text = with(text, R"("demo-programme")", R"("Demo")");
  text = with(text, R"({"day": 3, "card")", R"({"day": 0, "card")");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].pointer, "/id");
  EXPECT_EQ(errors[1].pointer, "/sessions/0/task/dueDays");
  EXPECT_EQ(errors[2].pointer, "/sessions/0/refresher/day");
}

TEST(ProgrammeParser, ACohortsStoredCopyRebuildsTheSameProgrammeWithoutTheScenarios) {
  const std::string commented = with(good, "{\n", "{\n  // why this programme exists\n");
  auto p = programme_of(commented);
  ASSERT_TRUE(p);
  EXPECT_NE(p->source.find("// why this programme exists"), std::string::npos) << "the file's text is kept, comments too";

  auto stored = parse_stored_programme(p->source);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->source, p->source);
  EXPECT_EQ(stored->title, p->title);
  ASSERT_EQ(stored->sessions.size(), 2u);
  EXPECT_EQ(stored->sessions[0].title, "Demo scenario");
  EXPECT_EQ(stored->sessions[1].title, "Other scenario");
  EXPECT_EQ(stored->sessions[0].task->competencies, (std::vector<std::string>{"listening", "giving feedback"}))
      << "the competencies rated are those the scenario had when the cohort started, whatever it says later";
  EXPECT_EQ(stored->sessions[0].refresher->card_prompt, "One thing you noticed");
  EXPECT_EQ(stored->manager_checklist, p->manager_checklist);
}

TEST(ProgrammeParser, AStoredCopyThatDoesNotParseIsRefusedWithTheReason) {
  EXPECT_THROW(parse_stored_programme("{ not json"), std::runtime_error);
  auto p = programme_of(good);
  ASSERT_TRUE(p);
  try {
    parse_stored_programme(with(p->source, R"("dueDays": 5)", R"("dueDays": 99)"));
    ADD_FAILURE() << "a stored copy with a task due in 99 days was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/sessions/0/task/dueDays"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace huddle::scenario
