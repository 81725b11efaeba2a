// A scenario's cards activity becomes the board's settings, with the README's defaults for what it leaves out.
#include "core/cards/card_settings.hpp"

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

using nlohmann::json;

TEST(CardSettings, LeftOutFieldsTakeTheReadmeDefaults) {
  auto s = CardSettings::from_activity(json{{"kind", "cards"}, {"prompt", "What's unclear?"}});
  EXPECT_EQ(s.prompt, "What's unclear?");
  EXPECT_EQ(s.release_threshold, 3u);
  EXPECT_EQ(s.moderation, CardModeration::none);
  EXPECT_EQ(s.max_length, 280u);
  EXPECT_EQ(s.max_per_person, 3u);
  EXPECT_TRUE(s.votes);
}

TEST(CardSettings, ReadsEveryFieldAsWritten) {
  auto s = CardSettings::from_activity(json{{"kind", "cards"},
                                            {"prompt", "Open questions"},
                                            {"releaseThreshold", 5},
                                            {"moderation", "approve"},
                                            {"maxLength", 500},
                                            {"maxPerPerson", 7},
                                            {"votes", false}});
  EXPECT_EQ(s.release_threshold, 5u);
  EXPECT_EQ(s.moderation, CardModeration::approve);
  EXPECT_EQ(s.max_length, 500u);
  EXPECT_EQ(s.max_per_person, 7u);
  EXPECT_FALSE(s.votes);
}

TEST(CardSettings, OutOfRangeNumbersAreHeldToTheSchemaBounds) {
  auto s = CardSettings::from_activity(json{{"prompt", "p"}, {"releaseThreshold", 0}, {"maxLength", 100000}, {"maxPerPerson", -2}});
  EXPECT_EQ(s.release_threshold, 1u);
  EXPECT_EQ(s.max_length, 1000u);
  EXPECT_EQ(s.max_per_person, 1u);
}

TEST(CardSettings, AnUnknownModerationValueErrsOnTheCarefulSide) {
  EXPECT_EQ(CardSettings::from_activity(json{{"moderation", "sometimes"}}).moderation, CardModeration::approve);
  EXPECT_EQ(CardSettings::from_activity(json{{"moderation", "none"}}).moderation, CardModeration::none);
}

}  // namespace
}  // namespace huddle::core
