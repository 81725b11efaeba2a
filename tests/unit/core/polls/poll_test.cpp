// The life of one poll: voting, changing one's mind, closing, revealing, and what anonymity promises.
#include "core/polls/poll.hpp"

#include <gtest/gtest.h>

#include "poll_fixtures.hpp"

namespace huddle::core {
namespace {

using test::ballot;
using test::vote;

TEST(Poll, StartsOpenWithNoBallotsAndHiddenResults) {
  Poll poll("p1", test::single_poll());
  EXPECT_TRUE(poll.is_open());
  EXPECT_EQ(poll.voter_count(), 0u);
  EXPECT_FALSE(poll.results_visible());
}

TEST(Poll, VotingAgainReplacesTheEarlierBallot) {
  Poll poll("p1", test::single_poll());
  vote(poll, "voter-a", {{"choice", 0}});
  vote(poll, "voter-a", {{"choice", 2}});
  EXPECT_EQ(poll.voter_count(), 1u);
  ASSERT_NE(poll.ballot_of("voter-a"), nullptr);
  EXPECT_EQ(*poll.ballot_of("voter-a"), Ballot(SingleChoice{2}));
}

TEST(Poll, WithdrawingRemovesTheBallot) {
  Poll poll("p1", test::single_poll());
  vote(poll, "voter-a", {{"choice", 1}});
  vote(poll, "voter-b", {{"choice", 1}});
  EXPECT_FALSE(poll.withdraw("voter-a"));
  EXPECT_EQ(poll.ballot_of("voter-a"), nullptr);
  EXPECT_EQ(poll.voter_count(), 1u);
  EXPECT_FALSE(poll.withdraw("voter-a"));  // again: nothing to take back, nothing refused
  EXPECT_EQ(poll.voter_count(), 1u);
}

TEST(Poll, AClosedPollRefusesVotesAndKeepsItsResults) {
  Poll poll("p1", test::single_poll());
  vote(poll, "voter-a", {{"choice", 1}});
  poll.close();
  auto late = poll.cast("voter-b", SingleChoice{0}, std::nullopt);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->code, protocol::ErrorCode::poll_closed);
  EXPECT_NE(late->message.find("closed"), std::string::npos);
  EXPECT_TRUE(poll.cast("voter-a", SingleChoice{0}, std::nullopt));  // no changing one's mind either
  EXPECT_TRUE(poll.withdraw("voter-a"));
  EXPECT_EQ(*poll.ballot_of("voter-a"), Ballot(SingleChoice{1}));
  EXPECT_EQ(poll.voter_count(), 1u);
}

TEST(Poll, ReopeningTakesVotesAgain) {
  Poll poll("p1", test::single_poll());
  poll.close();
  poll.open();
  EXPECT_FALSE(poll.cast("voter-a", SingleChoice{0}, std::nullopt));
}

TEST(Poll, CheckCastDecidesWithoutChangingAnything) {
  Poll poll("p1", test::single_poll());
  EXPECT_FALSE(poll.check_cast("voter-a", SingleChoice{0}));
  EXPECT_TRUE(poll.check_cast("voter-a", SingleChoice{9}));
  EXPECT_TRUE(poll.check_cast("voter-a", ScaleRating{1}));
  EXPECT_EQ(poll.voter_count(), 0u);
  EXPECT_TRUE(poll.cast("voter-a", SingleChoice{9}, std::nullopt));
  EXPECT_EQ(poll.voter_count(), 0u);
}

TEST(Poll, HiddenResultsBecomeVisibleWhenRevealedAndHiddenAgain) {
  Poll poll("p1", test::single_poll());
  poll.reveal();
  EXPECT_TRUE(poll.results_visible());
  poll.hide();
  EXPECT_FALSE(poll.results_visible());
}

TEST(Poll, LiveResultsAreAlwaysVisibleUntilTheFacilitatorHidesThem) {
  Poll poll("p1", test::settings({{"pollKind", "single"}, {"options", {"A", "B"}}, {"results", "live"}}));
  EXPECT_TRUE(poll.results_visible());
  poll.close();
  EXPECT_TRUE(poll.results_visible());
  poll.hide();
  EXPECT_FALSE(poll.results_visible());
  EXPECT_FALSE(poll.settings().results_live);
  poll.set_results_live(true);
  EXPECT_TRUE(poll.results_visible());
  poll.set_results_live(false);
  EXPECT_FALSE(poll.results_visible());
}

TEST(Poll, AnAnonymousPollNeverKeepsAName) {
  Poll poll("p1", test::single_poll(true));
  vote(poll, "opaque-key", {{"choice", 0}}, "Dana");
  EXPECT_FALSE(poll.ballots().at("opaque-key").voter_name.has_value());
}

TEST(Poll, ANamedPollKeepsTheVotersName) {
  Poll poll("p1", test::single_poll(false));
  vote(poll, "participant-1", {{"choice", 0}}, "Dana");
  EXPECT_EQ(poll.ballots().at("participant-1").voter_name, "Dana");
}

TEST(Poll, SwitchingAnAnonymousPollToNamedIsRefusedOnceAnyoneVoted) {
  Poll poll("p1", test::single_poll(true));
  EXPECT_FALSE(poll.check_set_anonymous(false));  // nobody has answered yet: fine
  vote(poll, "opaque-key", {{"choice", 0}});
  auto refused = poll.set_anonymous(false);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code, protocol::ErrorCode::forbidden);
  EXPECT_NE(refused->message.find("anonymously"), std::string::npos);
  EXPECT_TRUE(poll.settings().anonymous);
}

TEST(Poll, AnAnonymousPollWithoutBallotsMayBecomeNamed) {
  Poll poll("p1", test::single_poll(true));
  EXPECT_FALSE(poll.set_anonymous(false));
  vote(poll, "participant-1", {{"choice", 0}}, "Dana");
  EXPECT_EQ(poll.ballots().at("participant-1").voter_name, "Dana");
}

TEST(Poll, SwitchingANamedPollToAnonymousForgetsTheNames) {
  Poll poll("p1", test::single_poll(false));
  vote(poll, "participant-1", {{"choice", 0}}, "Dana");
  vote(poll, "participant-2", {{"choice", 1}}, "Lee");
  EXPECT_FALSE(poll.set_anonymous(true));
  EXPECT_TRUE(poll.settings().anonymous);
  for (const auto& [key, recorded] : poll.ballots()) EXPECT_FALSE(recorded.voter_name.has_value()) << key;
  EXPECT_EQ(poll.voter_count(), 2u);  // the votes themselves still count
}

}  // namespace
}  // namespace huddle::core
