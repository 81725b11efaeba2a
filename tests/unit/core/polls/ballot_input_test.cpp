// What a voter may send: every vote is checked against the poll it answers.
#include "core/polls/ballot_input.hpp"

#include <gtest/gtest.h>

#include "poll_fixtures.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using test::ballot;

std::string refusal(const PollSettings& s, const json& vote) {
  auto parsed = parse_ballot(s, vote);
  if (!std::holds_alternative<Rejection>(parsed)) return "";
  EXPECT_EQ(std::get<Rejection>(parsed).code, protocol::ErrorCode::invalid_field);
  return std::get<Rejection>(parsed).message;
}
bool refused(const PollSettings& s, const json& vote) { return !refusal(s, vote).empty(); }

std::vector<std::string> words(const json& vote) {
  return std::get<WordEntries>(ballot(test::wordcloud_poll(), vote)).words;
}

TEST(BallotInput, SingleChoiceMustBeOneOfTheOptions) {
  const auto s = test::single_poll();
  EXPECT_EQ(ballot(s, {{"choice", 2}}), Ballot(SingleChoice{2}));
  EXPECT_NE(refusal(s, {{"choice", 3}}).find("3 options"), std::string::npos);
  EXPECT_TRUE(refused(s, {{"choice", -1}}));
  EXPECT_TRUE(refused(s, {{"choice", 1.0}}));
  EXPECT_TRUE(refused(s, {{"choice", "1"}}));
  EXPECT_TRUE(refused(s, {{"choice", true}}));
  EXPECT_TRUE(refused(s, {{"choice", 18446744073709551615ULL}}));
}

TEST(BallotInput, AVoteMustHaveTheShapeOfThePollsKind) {
  const auto s = test::single_poll();
  EXPECT_NE(refusal(s, {{"choices", {1}}}).find("\"choice\""), std::string::npos);
  EXPECT_TRUE(refused(s, json::object()));
  EXPECT_TRUE(refused(s, json::array({1})));
  EXPECT_TRUE(refused(s, {{"choice", 1}, {"value", 1}}));
  EXPECT_TRUE(refused(test::open_poll(), {{"text", "a"}, {"texts", {"b"}}}));
}

TEST(BallotInput, MultiRespectsMaxChoices) {
  const auto s = test::multi_poll(2);
  EXPECT_EQ(ballot(s, {{"choices", {3, 0}}}), Ballot(MultiChoice{{0, 3}}));  // kept in option order
  EXPECT_EQ(ballot(s, {{"choices", {1}}}), Ballot(MultiChoice{{1}}));
  EXPECT_NE(refusal(s, {{"choices", {0, 1, 2}}}).find("at most 2"), std::string::npos);
  EXPECT_NE(refusal(s, {{"choices", json::array()}}).find("at least one"), std::string::npos);
  EXPECT_NE(refusal(s, {{"choices", {1, 1}}}).find("only once"), std::string::npos);
  EXPECT_TRUE(refused(s, {{"choices", {0, 4}}}));
  EXPECT_TRUE(refused(s, {{"choices", 1}}));
}

TEST(BallotInput, MultiWithoutMaxChoicesTakesEveryOption) {
  const auto s = test::settings({{"pollKind", "multi"}, {"options", {"A", "B", "C"}}});
  EXPECT_EQ(ballot(s, {{"choices", {0, 1, 2}}}), Ballot(MultiChoice{{0, 1, 2}}));
}

TEST(BallotInput, ScaleValueMustBeOnTheScale) {
  const auto s = test::scale_poll();
  EXPECT_EQ(ballot(s, {{"value", 1}}), Ballot(ScaleRating{1}));
  EXPECT_EQ(ballot(s, {{"value", 5}}), Ballot(ScaleRating{5}));
  EXPECT_NE(refusal(s, {{"value", 0}}).find("from 1 to 5"), std::string::npos);
  EXPECT_TRUE(refused(s, {{"value", 6}}));
  EXPECT_TRUE(refused(s, {{"value", 2.5}}));
  const auto negative = test::settings(
      {{"pollKind", "scale"}, {"scale", {{"min", -2}, {"max", 2}, {"minLabel", "Worse"}, {"maxLabel", "Better"}}}});
  EXPECT_EQ(ballot(negative, {{"value", -2}}), Ballot(ScaleRating{-2}));
  EXPECT_TRUE(refused(negative, {{"value", -3}}));
}

TEST(BallotInput, WordsAreTrimmedCollapsedAndLowerCased) {
  EXPECT_EQ(words({{"words", {"  Trust ", "TIME\xC2\xA0" "  Pressure"}}}),
            (std::vector<std::string>{"trust", "time pressure"}));
}

TEST(BallotInput, NonAsciiWordsAreLeftAsTyped) {
  EXPECT_EQ(words({{"words", {"Ärger", "信任"}}}), (std::vector<std::string>{"Ärger", "信任"}));
}

TEST(BallotInput, TheSameWordTwiceInOneBallotCountsOnce) {
  EXPECT_EQ(words({{"words", {"Trust", "trust ", "time"}}}), (std::vector<std::string>{"trust", "time"}));
}

TEST(BallotInput, WordsHaveALengthAndACountLimit) {
  const auto s = test::wordcloud_poll();  // 3 words of 25 characters
  EXPECT_FALSE(refused(s, {{"words", {std::string(25, 'w')}}}));
  EXPECT_NE(refusal(s, {{"words", {std::string(26, 'w')}}}).find("25"), std::string::npos);
  std::string umlauts;
  for (int i = 0; i < 25; ++i) umlauts += "ü";  // 50 bytes, 25 characters
  EXPECT_FALSE(refused(s, {{"words", {umlauts}}}));
  EXPECT_NE(refusal(s, {{"words", {"a", "b", "c", "d"}}}).find("at most 3 words"), std::string::npos);
  EXPECT_TRUE(refused(s, {{"words", json::array()}}));
  EXPECT_TRUE(refused(s, {{"words", {"ok", "   "}}}));
  EXPECT_TRUE(refused(s, {{"words", "trust"}}));
  EXPECT_TRUE(refused(s, {{"words", {1}}}));
}

TEST(BallotInput, WordsCannotHoldControlOrDirectionCharacters) {
  const auto s = test::wordcloud_poll();
  EXPECT_TRUE(refused(s, {{"words", {"two\nlines"}}}));
  EXPECT_TRUE(refused(s, {{"words", {"tab\there"}}}));
  EXPECT_TRUE(refused(s, {{"words", {"bell\x07"}}}));
  EXPECT_TRUE(refused(s, {{"words", {"\xE2\x80\xAE" "tsurt"}}}));  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_TRUE(refused(s, {{"words", {"\xFF"}}}));                   // not UTF-8
}

TEST(BallotInput, OpenTextIsTrimmedAndKeepsItsLineBreaks) {
  const auto s = test::open_poll();
  EXPECT_EQ(ballot(s, {{"text", "  First line\r\nSecond  line \n"}}), Ballot(OpenAnswer{{"First line\nSecond  line"}}));
}

TEST(BallotInput, OpenTextHasALengthLimitInCharacters) {
  const auto s = test::open_poll();  // 280 characters
  EXPECT_FALSE(refused(s, {{"text", std::string(280, 'x')}}));
  EXPECT_NE(refusal(s, {{"text", std::string(281, 'x')}}).find("280"), std::string::npos);
  EXPECT_NE(refusal(s, {{"text", " \n "}}).find("Write something"), std::string::npos);
}

TEST(BallotInput, OpenTextRefusesControlCharactersOtherThanNewline) {
  const auto s = test::open_poll();
  EXPECT_TRUE(refused(s, {{"text", "a\tb"}}));
  EXPECT_TRUE(refused(s, {{"text", std::string("a\0b", 3)}}));
  EXPECT_TRUE(refused(s, {{"text", "a\x1B[31mred"}}));
  EXPECT_TRUE(refused(s, {{"text", "a\xE2\x81\xA6" "b"}}));  // U+2066 LEFT-TO-RIGHT ISOLATE
}

TEST(BallotInput, OpenPollWithSeveralEntriesTakesAListUpToMaxEntries) {
  const auto s = test::settings({{"pollKind", "open"}, {"maxEntries", 2}});
  EXPECT_EQ(ballot(s, {{"texts", {"Ask more", "Listen"}}}), Ballot(OpenAnswer{{"Ask more", "Listen"}}));
  EXPECT_EQ(ballot(s, {{"text", "Listen"}}), Ballot(OpenAnswer{{"Listen"}}));
  EXPECT_TRUE(refused(s, {{"texts", {"a", "b", "c"}}}));
  EXPECT_TRUE(refused(test::open_poll(), {{"texts", {"a", "b"}}}));  // the default is one answer
}

TEST(BallotInput, CheckBallotRefusesABallotForAnotherKind) {
  EXPECT_TRUE(check_ballot(test::single_poll(), ScaleRating{3}).has_value());
  EXPECT_TRUE(check_ballot(test::single_poll(), SingleChoice{7}).has_value());
  EXPECT_TRUE(check_ballot(test::multi_poll(2), MultiChoice{{2, 1}}).has_value());  // not in order: not parsed
  EXPECT_FALSE(check_ballot(test::scale_poll(), ScaleRating{3}).has_value());
}

}  // namespace
}  // namespace huddle::core
