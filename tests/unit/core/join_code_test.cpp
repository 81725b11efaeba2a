#include "core/join_code.hpp"

#include <set>

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

TEST(JoinCode, HasSixCharactersFromTheUnambiguousAlphabet) {
  for (std::uint64_t bits : {0ULL, 1ULL, 12345678901234ULL, ~0ULL}) {
    auto code = make_join_code(bits);
    ASSERT_EQ(code.size(), 6u);
    for (char c : code) EXPECT_NE(join_code_alphabet.find(c), std::string_view::npos) << code;
  }
  for (char ambiguous : std::string("01OILU")) EXPECT_EQ(join_code_alphabet.find(ambiguous), std::string_view::npos);
}

TEST(JoinCode, DifferentRandomnessGivesDifferentCodes) {
  std::set<std::string> codes;
  for (std::uint64_t i = 0; i < 1000; ++i) codes.insert(make_join_code(i * 7919));
  EXPECT_EQ(codes.size(), 1000u);
}

TEST(JoinCode, AcceptsWhatPeopleTypeOnAPhone) {
  EXPECT_EQ(normalize_join_code("k7q x3m"), "K7QX3M");
  EXPECT_EQ(normalize_join_code("K7Q-X3M"), "K7QX3M");
}

TEST(JoinCode, RejectsWhatCannotBeACode) {
  EXPECT_FALSE(normalize_join_code(""));
  EXPECT_FALSE(normalize_join_code("K7QX3"));
  EXPECT_FALSE(normalize_join_code("K7QX3MM"));
  EXPECT_FALSE(normalize_join_code("K7QX30"));  // 0 is never in a code
  EXPECT_FALSE(normalize_join_code("../../"));
}

}  // namespace
}  // namespace huddle::core
