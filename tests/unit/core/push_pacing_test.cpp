// How often large sessions get pushes of who is here and of counts (core/limits.hpp).
#include <gtest/gtest.h>

#include "core/limits.hpp"

namespace huddle::core {
namespace {

TEST(PushPacing, SmallSessionsSeeEveryChangeAtOnce) {
  EXPECT_EQ(people_push_interval_ms(99), 0);
  EXPECT_EQ(counts_push_interval_ms(99, 50'000), 0);
}

TEST(PushPacing, AVoteStormAtTenThousandIsPushedAboutFiveTimesASecond) {
  const auto poll = counts_push_interval_ms(10'000, 1'900);
  EXPECT_GE(poll, 150);  // fan-out stays well below a core while votes keep coming
  EXPECT_LE(poll, 190);  // and the last vote, once pushed, reaches 10,000 people within 300 ms
  EXPECT_LT(counts_push_interval_ms(1'000, 1'900), 20);
}

TEST(PushPacing, DuringAStormCountsMoveLessOftenThanWhenItEnds) {
  EXPECT_EQ(counts_push_storm_interval_ms(10'000, 1'900), 3 * counts_push_interval_ms(10'000, 1'900));
  EXPECT_EQ(counts_push_storm_interval_ms(10'000, 50'000), counts_push_max_storm_interval_ms);
  EXPECT_EQ(counts_push_storm_interval_ms(99, 50'000), 0);
  EXPECT_LT(counts_push_quiet_ms, counts_push_interval_ms(10'000, 1'900));
}

TEST(PushPacing, BigBoardsArePushedLessOftenButAtLeastEveryTwoSeconds) {
  EXPECT_GT(counts_push_interval_ms(1'000, 50'000), counts_push_interval_ms(1'000, 1'900) * 10);
  EXPECT_EQ(counts_push_interval_ms(10'000, 50'000), counts_push_max_interval_ms);
  EXPECT_EQ(counts_push_max_interval_ms, 2000);
  EXPECT_EQ(people_push_interval_ms(1'000'000), people_push_max_interval_ms);
}

}  // namespace
}  // namespace huddle::core
