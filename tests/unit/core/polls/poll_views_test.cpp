// What each audience sees of a poll: results only when they should, and never who answered anonymously.
#include "core/polls/poll_views.hpp"

#include <gtest/gtest.h>

#include "poll_fixtures.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using test::vote;

bool contains(const json& view, const std::string& needle) { return view.dump().find(needle) != std::string::npos; }

TEST(PollViews, PublicViewDescribesThePoll) {
  Poll poll("poll-7", test::multi_poll(2));
  const json view = poll_public_view(poll);
  EXPECT_EQ(view["pollId"], "poll-7");
  EXPECT_EQ(view["kind"], "multi");
  EXPECT_EQ(view["question"], "How is it going?");
  EXPECT_EQ(view["options"], json({"Listening", "Asking", "Waiting", "Summarising"}));
  EXPECT_EQ(view["maxChoices"], 2);
  EXPECT_EQ(view["status"], "open");
  EXPECT_EQ(view["anonymous"], true);
  poll.close();
  EXPECT_EQ(poll_public_view(poll)["status"], "closed");
}

TEST(PollViews, ScalePollShowsItsEndsToVoters) {
  Poll poll("p1", test::scale_poll());
  const json scale = poll_public_view(poll)["scale"];
  EXPECT_EQ(scale, json({{"min", 1}, {"max", 5}, {"minLabel", "Low"}, {"maxLabel", "High"}}));
}

TEST(PollViews, HiddenResultsStayOutOfThePublicViewUntilRevealed) {
  Poll poll("p1", test::open_poll());
  vote(poll, "k1", {{"text", "We never finish on time"}});
  json hidden = poll_public_view(poll);
  EXPECT_TRUE(hidden["results"].is_null());
  EXPECT_FALSE(hidden["resultsVisible"].get<bool>());
  EXPECT_FALSE(contains(hidden, "We never finish on time"));
  EXPECT_EQ(hidden["voterCount"], 1);

  EXPECT_EQ(poll_facilitator_view(poll)["results"]["texts"], json({"We never finish on time"}));

  poll.reveal();
  json shown = poll_public_view(poll);
  EXPECT_TRUE(shown["resultsVisible"].get<bool>());
  EXPECT_EQ(shown["results"]["texts"], json({"We never finish on time"}));

  poll.hide();
  EXPECT_TRUE(poll_public_view(poll)["results"].is_null());
}

TEST(PollViews, LiveResultsAreShownAsVotesComeIn) {
  Poll poll("p1", test::settings({{"pollKind", "single"}, {"options", {"Yes", "No"}}, {"results", "live"}}));
  EXPECT_EQ(poll_public_view(poll)["results"]["voters"], 0);
  vote(poll, "k1", {{"choice", 1}});
  const json results = poll_public_view(poll)["results"];
  EXPECT_EQ(results["voters"], 1);
  EXPECT_EQ(results["options"][1], json({{"option", "No"}, {"count", 1}, {"percent", 100.0}}));
}

TEST(PollViews, ScaleAverageHasTwoDecimals) {
  Poll poll("p1", test::scale_poll());
  vote(poll, "a", {{"value", 1}});
  vote(poll, "b", {{"value", 1}});
  vote(poll, "c", {{"value", 2}});
  const json results = poll_facilitator_view(poll)["results"];
  EXPECT_DOUBLE_EQ(results["average"].get<double>(), 1.33);
  EXPECT_EQ(results["points"][0], json({{"value", 1}, {"count", 2}, {"percent", 66.7}}));
  EXPECT_EQ(results["points"].size(), 5u);
}

TEST(PollViews, WordcloudResults) {
  Poll poll("p1", test::wordcloud_poll());
  vote(poll, "a", {{"words", {"Trust"}}});
  vote(poll, "b", {{"words", {"trust", "time"}}});
  const json results = poll_facilitator_view(poll)["results"];
  EXPECT_EQ(results["words"], json::parse(R"([{"word":"trust","count":2},{"word":"time","count":1}])"));
  EXPECT_EQ(results["otherWords"], 0);
}

TEST(PollViews, ScreensShowTheTopHundredWordsAndCountTheRestWhileTheReportHasAll) {
  Poll poll("p1", test::settings({{"pollKind", "wordcloud"}, {"maxEntries", 10}, {"results", "live"}}));
  // 108 distinct words from 12 voters, plus "common" from every voter.
  for (int v = 0; v < 12; ++v) {
    json words = {"common"};
    for (int w = 0; w < 9; ++w) words.push_back("w" + std::to_string(v * 10 + w));
    vote(poll, "voter" + std::to_string(v), {{"words", words}});
  }
  for (const json& results : {poll_public_view(poll)["results"], poll_console_view(poll)["results"]}) {
    ASSERT_EQ(results["words"].size(), 100u);
    EXPECT_EQ(results["words"][0], json({{"word", "common"}, {"count", 12}}));
    EXPECT_EQ(results["otherWords"], 9);  // 108 single words, 99 shown
    EXPECT_EQ(results["otherMentions"], 9);
  }
  const json all = poll_facilitator_view(poll)["results"];
  EXPECT_EQ(all["words"].size(), 109u);
  EXPECT_EQ(all["otherWords"], 0);
}

TEST(PollViews, OwnBallotViewGivesBackWhatTheVoterSent) {
  Poll poll("p1", test::multi_poll(2));
  EXPECT_TRUE(poll_own_ballot_view(poll, "k1")["ballot"].is_null());
  vote(poll, "k1", {{"choices", {3, 1}}});
  const json own = poll_own_ballot_view(poll, "k1");
  EXPECT_EQ(own["pollId"], "p1");
  EXPECT_EQ(own["ballot"], json({{"choices", {1, 3}}}));
  // The same shape parses again, so a reconnecting client can resend it unchanged.
  EXPECT_TRUE(std::holds_alternative<Ballot>(parse_ballot(poll.settings(), own["ballot"])));
}

// Two voters in an anonymous poll of each kind: nobody's key or name may show up in any view, and one voter's
// own-ballot view carries nothing of the other's.
TEST(PollViews, AnonymousPollViewsNameNobody) {
  const std::vector<std::pair<PollSettings, std::pair<json, json>>> polls = {
      {test::single_poll(), {{{"choice", 0}}, {{"choice", 1}}}},
      {test::multi_poll(2), {{{"choices", {0, 1}}}, {{"choices", {2}}}}},
      {test::scale_poll(), {{{"value", 2}}, {{"value", 5}}}},
      {test::wordcloud_poll(), {{{"words", {"alicesword"}}}, {{"words", {"bobsword"}}}}},
      {test::open_poll(), {{{"text", "alice wrote this"}}, {{"text", "bob wrote that"}}}},
  };
  const std::string alice_key = "key-6f1c2a9e-alice";
  const std::string bob_key = "key-03be77d1-bob";
  for (const auto& [settings, votes] : polls) {
    SCOPED_TRACE(std::string(to_string(settings.kind)));
    Poll poll("p1", settings);
    vote(poll, alice_key, votes.first, "Alice Example");  // the hub should not even pass a name; if it does...
    vote(poll, bob_key, votes.second, "Bob Example");
    poll.reveal();
    poll.close();
    const json public_view = poll_public_view(poll);
    const json facilitator = poll_facilitator_view(poll);
    const json bobs_own = poll_own_ballot_view(poll, bob_key);
    ASSERT_FALSE(public_view["results"].is_null());
    EXPECT_FALSE(facilitator.contains("answers"));
    for (const json& view : {public_view, facilitator, bobs_own}) {
      for (const std::string& secret : {alice_key, bob_key, std::string("key-"), std::string("Alice"),
                                        std::string("Bob")}) {
        EXPECT_FALSE(contains(view, secret)) << secret << " in " << view.dump();
      }
    }
    EXPECT_FALSE(contains(bobs_own, "alice")) << bobs_own.dump();
    EXPECT_EQ(bobs_own["ballot"], ballot_to_json(test::ballot(settings, votes.second)));
  }
}

TEST(PollViews, NamedPollShowsWhoAnsweredWhatToTheFacilitatorOnly) {
  Poll poll("p1", test::settings({{"pollKind", "open"}, {"anonymous", false}, {"results", "live"}}));
  vote(poll, "participant-2", {{"text", "Book the 1:1 with Sam"}}, "Zoë");
  vote(poll, "participant-1", {{"text", "Ask my manager about day 90"}}, "Dana");

  const json answers = poll_facilitator_view(poll)["answers"];
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0], json({{"name", "Dana"}, {"ballot", {{"texts", {"Ask my manager about day 90"}}}}}));
  EXPECT_EQ(answers[1]["name"], "Zoë");
  EXPECT_FALSE(contains(poll_facilitator_view(poll), "participant-"));  // names, not ids

  const json public_view = poll_public_view(poll);
  EXPECT_EQ(public_view["anonymous"], false);  // voters are told their name is attached
  EXPECT_TRUE(contains(public_view, "Book the 1:1 with Sam"));
  for (const char* secret : {"Dana", "Zoë", "participant-"}) EXPECT_FALSE(contains(public_view, secret)) << secret;
  EXPECT_FALSE(contains(poll_own_ballot_view(poll, "participant-1"), "Dana"));
}

TEST(PollViews, MakingANamedPollAnonymousTakesTheNamesOutOfTheFacilitatorView) {
  Poll poll("p1", test::single_poll(false));
  vote(poll, "participant-1", {{"choice", 0}}, "Dana");
  ASSERT_TRUE(contains(poll_facilitator_view(poll), "Dana"));
  ASSERT_FALSE(poll.set_anonymous(true));
  EXPECT_FALSE(contains(poll_facilitator_view(poll), "Dana"));
  EXPECT_FALSE(poll_facilitator_view(poll).contains("answers"));
}

TEST(PollViews, UserTextIsCarriedAsPlainStrings) {
  Poll poll("p1", test::settings({{"pollKind", "open"}, {"results", "live"}}));
  vote(poll, "k1", {{"text", "<img src=x onerror=alert(1)>"}});
  EXPECT_EQ(poll_public_view(poll)["results"]["texts"][0], "<img src=x onerror=alert(1)>");
}

}  // namespace
}  // namespace huddle::core
