// A facilitator's quick poll is held to the same rules as a scripted one, and a mistake is explained.
#include "core/polls/quick_poll.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace huddle::core {
namespace {

using nlohmann::json;

json single(json extra = json::object()) {
  json poll = {{"pollKind", "single"}, {"question", "Ready?"}, {"options", {"Yes", "No"}}};
  poll.update(extra);
  return poll;
}
json scale(json range) {
  if (!range.contains("minLabel")) range["minLabel"] = "Low";
  if (!range.contains("maxLabel")) range["maxLabel"] = "High";
  return {{"pollKind", "scale"}, {"question", "How sure?"}, {"scale", range}};
}

TEST(QuickPoll, AcceptsAPollOfEveryKindWithDefaultsApplied) {
  auto s = std::get<PollSettings>(validate_quick_poll(single()));
  EXPECT_EQ(s.kind, PollKind::single);
  EXPECT_EQ(s.options, (std::vector<std::string>{"Yes", "No"}));
  EXPECT_TRUE(s.anonymous);
  EXPECT_FALSE(s.results_live);

  auto m = std::get<PollSettings>(validate_quick_poll(
      {{"pollKind", "multi"}, {"question", "Which?"}, {"options", {"A", "B", "C"}}, {"maxChoices", 2}}));
  EXPECT_EQ(m.max_choices, 2);

  auto sc = std::get<PollSettings>(validate_quick_poll(scale({{"max", 5}})));
  EXPECT_EQ(sc.scale.min, 1);
  EXPECT_EQ(sc.scale.max, 5);

  auto w = std::get<PollSettings>(validate_quick_poll({{"pollKind", "wordcloud"}, {"question", "One word?"}}));
  EXPECT_EQ(w.max_entries, 3);
  EXPECT_EQ(w.max_length, 25);

  auto o = std::get<PollSettings>(validate_quick_poll({{"kind", "poll"}, {"pollKind", "open"}, {"question", "Why?"},
                                                       {"anonymous", false}, {"results", "live"}, {"timerSeconds", 60}}));
  EXPECT_EQ(o.max_entries, 1);
  EXPECT_EQ(o.max_length, 280);
  EXPECT_FALSE(o.anonymous);
  EXPECT_TRUE(o.results_live);
  EXPECT_EQ(o.timer_seconds, 60);
}

TEST(QuickPoll, TrimsWhatTheFacilitatorTyped) {
  auto s = std::get<PollSettings>(validate_quick_poll(
      {{"pollKind", "single"}, {"question", "  Ready?  "}, {"options", {" Yes", "No  "}}}));
  EXPECT_EQ(s.question, "Ready?");
  EXPECT_EQ(s.options, (std::vector<std::string>{"Yes", "No"}));
}

TEST(QuickPoll, ScaleFromMinusTenAndElevenPointsAreTheLimits) {
  EXPECT_TRUE(std::holds_alternative<PollSettings>(validate_quick_poll(scale({{"min", -10}, {"max", 0}}))));
  EXPECT_TRUE(std::holds_alternative<PollSettings>(validate_quick_poll(scale({{"min", 0}, {"max", 1}}))));
}

struct Case {
  const char* what;
  json request;
  const char* message_mentions;  // something the facilitator can act on
};

TEST(QuickPoll, RefusesWhatTheScenarioFormatRefuses) {
  const std::vector<Case> cases = {
      {"not an object", json::array(), "pollKind"},
      {"unknown field", single({{"colour", "red"}}), "colour"},
      {"another activity kind", single({{"kind", "cards"}}), "poll"},
      {"no pollKind", {{"question", "Ready?"}}, "single, multi, scale, wordcloud or open"},
      {"unknown pollKind", single({{"pollKind", "ranking"}}), "single, multi, scale, wordcloud or open"},
      {"no question", {{"pollKind", "open"}}, "question"},
      {"blank question", single({{"question", "   "}}), "empty"},
      {"question too long", single({{"question", std::string(301, 'q')}}), "300"},
      {"question not text", single({{"question", 42}}), "text"},
      {"single without options", {{"pollKind", "single"}, {"question", "Ready?"}}, "2 to 12 options"},
      {"one option", single({{"options", {"Yes"}}}), "at least 2"},
      {"thirteen options", single({{"options", json(std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i",
                                                                             "j", "k", "l", "m"})}}),
       "13"},
      {"empty option", single({{"options", {"Yes", " "}}}), "empty"},
      {"option too long", single({{"options", {"Yes", std::string(121, 'n')}}}), "120"},
      {"option not text", single({{"options", {"Yes", 2}}}), "text"},
      {"duplicate options", single({{"options", {"Yes", "yes "}}}), "twice"},
      {"options on an open poll", {{"pollKind", "open"}, {"question", "Why?"}, {"options", {"A", "B"}}}, "single and multi"},
      {"maxChoices on single", single({{"maxChoices", 1}}), "multi"},
      {"maxChoices above the options",
       {{"pollKind", "multi"}, {"question", "Which?"}, {"options", {"A", "B"}}, {"maxChoices", 3}}, "1 to 2"},
      {"maxChoices zero", {{"pollKind", "multi"}, {"question", "Which?"}, {"options", {"A", "B"}}, {"maxChoices", 0}},
       "1 to 2"},
      {"maxChoices not whole", {{"pollKind", "multi"}, {"question", "Which?"}, {"options", {"A", "B"}}, {"maxChoices", 1.5}},
       "whole number"},
      {"scale without a scale", {{"pollKind", "scale"}, {"question", "How sure?"}}, "max, minLabel and maxLabel"},
      {"scale of one point", scale({{"min", 3}, {"max", 3}}), "max - min must be 1 to 10"},
      {"scale of twelve points", scale({{"min", 0}, {"max", 11}}), "max - min must be 1 to 10"},
      {"scale upside down", scale({{"min", 5}, {"max", 1}}), "max - min must be 1 to 10"},
      {"scale min below -10", scale({{"min", -11}, {"max", -5}}), "-10 to 10"},
      {"scale without max", scale({{"min", 1}}), "max"},
      {"scale label missing", {{"pollKind", "scale"}, {"question", "How sure?"}, {"scale", {{"max", 5}, {"minLabel", "Low"}}}},
       "highest label"},
      {"scale label too long", scale({{"max", 5}, {"minLabel", std::string(41, 'x')}}), "40"},
      {"scale unknown field", scale({{"max", 5}, {"step", 1}}), "step"},
      {"scale on a single poll", single({{"scale", {{"max", 5}}}}), "only for scale polls"},
      {"maxEntries on single", single({{"maxEntries", 2}}), "wordcloud and open"},
      {"maxEntries above 10", {{"pollKind", "wordcloud"}, {"question", "Words?"}, {"maxEntries", 11}}, "1 to 10"},
      {"wordcloud maxLength above 40", {{"pollKind", "wordcloud"}, {"question", "Words?"}, {"maxLength", 41}}, "1 to 40"},
      {"open maxLength above 1000", {{"pollKind", "open"}, {"question", "Why?"}, {"maxLength", 1001}}, "1 to 1000"},
      {"anonymous not a flag", single({{"anonymous", "yes"}}), "true or false"},
      {"unknown results mode", single({{"results", "visible"}}), "hidden"},
      {"timer too short", single({{"timerSeconds", 5}}), "10 to 3600"},
      {"timer too long", single({{"timerSeconds", 3601}}), "10 to 3600"},
      {"timer huge", single({{"timerSeconds", 18446744073709551615ULL}}), "10 to 3600"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto result = validate_quick_poll(c.request);
    ASSERT_TRUE(std::holds_alternative<Rejection>(result));
    const auto& rejection = std::get<Rejection>(result);
    EXPECT_EQ(rejection.code, protocol::ErrorCode::invalid_field);
    EXPECT_NE(rejection.message.find(c.message_mentions), std::string::npos) << rejection.message;
  }
}

}  // namespace
}  // namespace huddle::core
