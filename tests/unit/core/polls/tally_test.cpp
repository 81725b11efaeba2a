// Counting the results of every kind of poll as the room will see them.
#include "core/polls/tally.hpp"

#include <gtest/gtest.h>

#include "poll_fixtures.hpp"

namespace huddle::core {
namespace {

using test::vote;

TEST(Tally, SingleCountsEachOptionAndTheShareOfVoters) {
  Poll poll("p1", test::single_poll());
  vote(poll, "a", {{"choice", 0}});
  vote(poll, "b", {{"choice", 0}});
  vote(poll, "c", {{"choice", 0}});
  vote(poll, "d", {{"choice", 2}});
  const Tally t = tally(poll);
  EXPECT_EQ(t.voters, 4u);
  EXPECT_EQ(t.option_counts, (std::vector<std::size_t>{3, 0, 1}));
  EXPECT_DOUBLE_EQ(t.percent_of_voters(t.option_counts[0]), 75.0);
  EXPECT_DOUBLE_EQ(t.percent_of_voters(t.option_counts[1]), 0.0);
}

TEST(Tally, ChangedAndWithdrawnBallotsAreCountedOnceInTheirNewPlace) {
  Poll poll("p1", test::single_poll());
  vote(poll, "a", {{"choice", 0}});
  vote(poll, "b", {{"choice", 1}});
  vote(poll, "a", {{"choice", 2}});  // a changed their mind
  ASSERT_FALSE(poll.withdraw("b"));
  EXPECT_EQ(tally(poll).option_counts, (std::vector<std::size_t>{0, 0, 1}));
  poll.replace_ballots({{"k1", SingleChoice{1}}, {"k2", SingleChoice{1}}});  // re-keyed when made anonymous
  const Tally t = tally(poll);
  EXPECT_EQ(t.voters, 2u);
  EXPECT_EQ(t.option_counts, (std::vector<std::size_t>{0, 2, 0}));
}

TEST(Tally, MultiSharesAreOfVotersSoTheyCanAddUpToMoreThanAHundred) {
  Poll poll("p1", test::multi_poll(2));
  vote(poll, "a", {{"choices", {0, 1}}});
  vote(poll, "b", {{"choices", {0, 3}}});
  const Tally t = tally(poll);
  EXPECT_EQ(t.voters, 2u);
  EXPECT_EQ(t.option_counts, (std::vector<std::size_t>{2, 1, 0, 1}));
  EXPECT_DOUBLE_EQ(t.percent_of_voters(t.option_counts[0]), 100.0);
  EXPECT_DOUBLE_EQ(t.percent_of_voters(t.option_counts[1]), 50.0);
}

TEST(Tally, NobodyVotedMeansZeroNotNaN) {
  Poll poll("p1", test::single_poll());
  const Tally t = tally(poll);
  EXPECT_EQ(t.voters, 0u);
  EXPECT_EQ(t.option_counts, (std::vector<std::size_t>{0, 0, 0}));
  EXPECT_DOUBLE_EQ(t.percent_of_voters(0), 0.0);
}

TEST(Tally, ScaleCountsEveryPointAndAverages) {
  Poll poll("p1", test::scale_poll());
  EXPECT_FALSE(tally(poll).average.has_value());
  vote(poll, "a", {{"value", 1}});
  vote(poll, "b", {{"value", 4}});
  vote(poll, "c", {{"value", 4}});
  const Tally t = tally(poll);
  EXPECT_EQ(t.scale_counts, (std::vector<std::size_t>{1, 0, 0, 2, 0}));
  ASSERT_TRUE(t.average.has_value());
  EXPECT_DOUBLE_EQ(*t.average, 3.0);
}

TEST(Tally, ScaleWithNegativePoints) {
  Poll poll("p1", test::settings({{"pollKind", "scale"},
                                  {"scale", {{"min", -2}, {"max", 2}, {"minLabel", "Worse"}, {"maxLabel", "Better"}}}}));
  vote(poll, "a", {{"value", -2}});
  vote(poll, "b", {{"value", 1}});
  const Tally t = tally(poll);
  EXPECT_EQ(t.scale_counts, (std::vector<std::size_t>{1, 0, 0, 1, 0}));
  EXPECT_DOUBLE_EQ(*t.average, -0.5);
}

TEST(Tally, RevoteAndWithdrawChangeTheCounts) {
  Poll poll("p1", test::scale_poll());
  vote(poll, "a", {{"value", 5}});
  vote(poll, "b", {{"value", 3}});
  vote(poll, "a", {{"value", 1}});
  EXPECT_DOUBLE_EQ(*tally(poll).average, 2.0);
  EXPECT_FALSE(poll.withdraw("b"));
  EXPECT_EQ(tally(poll).voters, 1u);
  EXPECT_DOUBLE_EQ(*tally(poll).average, 1.0);
}

TEST(Tally, WordcloudCountsNormalisedWordsMostFrequentFirst) {
  Poll poll("p1", test::wordcloud_poll());
  vote(poll, "a", {{"words", {"Trust", "time"}}});
  vote(poll, "b", {{"words", {"trust ", "TRUST", "budget"}}});  // trust counts once for b
  vote(poll, "c", {{"words", {"Time", "alignment"}}});
  const Tally t = tally(poll);
  ASSERT_EQ(t.words.size(), 4u);
  EXPECT_EQ(t.words[0].word, "time");  // 2, and "time" < "trust"
  EXPECT_EQ(t.words[0].count, 2u);
  EXPECT_EQ(t.words[1].word, "trust");
  EXPECT_EQ(t.words[1].count, 2u);
  EXPECT_EQ(t.words[2].word, "alignment");
  EXPECT_EQ(t.words[3].word, "budget");
}

TEST(Tally, WordcloudCountsEveryWordHoweverMany) {
  Poll poll("p1", test::settings({{"pollKind", "wordcloud"}, {"maxEntries", 10}}));
  // 120 distinct words from 12 voters, plus "common" from every voter.
  for (int v = 0; v < 12; ++v) {
    nlohmann::json words = {"common"};
    for (int w = 0; w < 9; ++w) words.push_back("w" + std::to_string(v * 10 + w));
    vote(poll, "voter" + std::to_string(v), {{"words", words}});
  }
  const Tally t = tally(poll);
  ASSERT_EQ(t.words.size(), 109u);  // the report lists them all; screens cut (poll_views_test)
  EXPECT_EQ(t.words[0].word, "common");
  EXPECT_EQ(t.words[0].count, 12u);
  EXPECT_EQ(t.words[1].word, "w0");
}

TEST(Tally, OpenAnswersAreNotInTheOrderTheyCameIn) {
  Poll poll("p1", test::open_poll());
  // Keys that sort the same way as the submissions, to catch a tally that follows either.
  vote(poll, "k1", {{"text", "Zero surprises at review time"}});
  vote(poll, "k2", {{"text", "more one-to-ones"}});
  vote(poll, "k3", {{"text", "Ask before telling"}});
  vote(poll, "k4", {{"text", "more one-to-ones"}});
  const Tally t = tally(poll);
  EXPECT_EQ(t.texts, (std::vector<std::string>{"Ask before telling", "more one-to-ones", "more one-to-ones",
                                                "Zero surprises at review time"}));
}

TEST(Tally, OpenAnswersReadTheSameWhateverTheSubmissionOrder) {
  Poll first("p1", test::open_poll());
  Poll second("p1", test::open_poll());
  vote(first, "x", {{"text", "beta"}});
  vote(first, "y", {{"text", "Alpha"}});
  vote(second, "y", {{"text", "Alpha"}});
  vote(second, "x", {{"text", "beta"}});
  EXPECT_EQ(tally(first).texts, tally(second).texts);
  EXPECT_EQ(tally(first).texts, (std::vector<std::string>{"Alpha", "beta"}));
}

TEST(Tally, OpenPollWithSeveralEntriesListsEachAnswer) {
  Poll poll("p1", test::settings({{"pollKind", "open"}, {"maxEntries", 2}}));
  vote(poll, "a", {{"texts", {"listen", "ask"}}});
  vote(poll, "b", {{"text", "wait"}});
  const Tally t = tally(poll);
  EXPECT_EQ(t.voters, 2u);
  EXPECT_EQ(t.texts, (std::vector<std::string>{"ask", "listen", "wait"}));
}

}  // namespace
}  // namespace huddle::core
