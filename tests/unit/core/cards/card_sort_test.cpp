// The sort a client asks for by name maps to the board's orders, and an unknown name is not guessed at.
#include "core/cards/card_sort.hpp"

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

TEST(CardSort, NamesRoundTrip) {
  for (CardSort sort : {CardSort::votes, CardSort::newest}) EXPECT_EQ(parse_card_sort(to_string(sort)), sort);
  EXPECT_FALSE(parse_card_sort("oldest").has_value());
  EXPECT_FALSE(parse_card_sort("").has_value());
}

}  // namespace
}  // namespace huddle::core
