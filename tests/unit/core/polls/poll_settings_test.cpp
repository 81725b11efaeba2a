// Settings from a scenario's poll activity: what the script leaves out gets the documented default.
#include "core/polls/poll_settings.hpp"

#include <gtest/gtest.h>

#include "poll_fixtures.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using test::settings;

TEST(PollSettings, AScriptedPollIsAnonymousWithHiddenResultsUnlessItSaysOtherwise) {
  auto s = settings({{"pollKind", "single"}, {"options", {"A", "B"}}});
  EXPECT_EQ(s.kind, PollKind::single);
  EXPECT_TRUE(s.anonymous);
  EXPECT_FALSE(s.results_live);
  EXPECT_FALSE(s.timer_seconds.has_value());
  EXPECT_EQ(s.max_choices, 1);
}

TEST(PollSettings, MultiPollLetsPeoplePickEveryOptionByDefault) {
  EXPECT_EQ(settings({{"pollKind", "multi"}, {"options", {"A", "B", "C"}}}).max_choices, 3);
  EXPECT_EQ(settings({{"pollKind", "multi"}, {"options", {"A", "B", "C"}}, {"maxChoices", 2}}).max_choices, 2);
}

TEST(PollSettings, ScaleStartsAtOneWhenMinIsLeftOut) {
  auto s = settings({{"pollKind", "scale"}, {"scale", {{"max", 7}, {"minLabel", "Never"}, {"maxLabel", "Always"}}}});
  EXPECT_EQ(s.scale.min, 1);
  EXPECT_EQ(s.scale.max, 7);
  EXPECT_EQ(s.scale.min_label, "Never");
  EXPECT_EQ(s.scale.max_label, "Always");
}

TEST(PollSettings, WordcloudAndOpenDefaults) {
  auto cloud = settings({{"pollKind", "wordcloud"}});
  EXPECT_EQ(cloud.max_entries, 3);
  EXPECT_EQ(cloud.max_length, 25);
  auto open = settings({{"pollKind", "open"}});
  EXPECT_EQ(open.max_entries, 1);
  EXPECT_EQ(open.max_length, 280);
}

TEST(PollSettings, ReadsEveryFieldAScriptSets) {
  // As written in scenarios/first-90-days.json.
  auto s = PollSettings::from_activity(json::parse(R"({
    "kind": "poll", "pollKind": "open",
    "question": "What's the first thing on your 90-day plan for next week?",
    "maxEntries": 2, "maxLength": 200, "anonymous": false, "results": "live", "timerSeconds": 90 })"));
  EXPECT_EQ(s.kind, PollKind::open);
  EXPECT_EQ(s.question, "What's the first thing on your 90-day plan for next week?");
  EXPECT_EQ(s.max_entries, 2);
  EXPECT_EQ(s.max_length, 200);
  EXPECT_FALSE(s.anonymous);
  EXPECT_TRUE(s.results_live);
  EXPECT_EQ(s.timer_seconds, 90);
}

}  // namespace
}  // namespace huddle::core
