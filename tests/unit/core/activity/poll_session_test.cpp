// Polls inside a session: opened by their phase, closed by moving on or by their own timer, one ballot per
// person, results hidden until revealed, quick polls over the script, and anonymous ballots that name nobody.
#include <gtest/gtest.h>

#include "core/activity_rules.hpp"
#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

class PollSession : public test::SessionFixture {
 protected:
  void SetUp() override {
    SessionFixture::SetUp();
    join("p1", "Dana");
    join("p2", "Sam");
    ASSERT_TRUE(run(Actor::facilitator(), GotoPhase{1}).ok());  // "Tea or coffee?", anonymous, results hidden
  }
  Outcome vote(const std::string& who, const json& ballot, const std::string& poll = "poll-1") {
    return run(Actor::participant(who), CastBallot{poll, "a-" + who + "-" + poll, ballot});
  }
  Outcome control(PollAction action, const std::string& poll = "poll-1") {
    return run(Actor::facilitator(), ControlPoll{poll, action});
  }
  json public_poll() { return activity_view(state)["poll"]; }
};

TEST_F(PollSession, ThePhaseOpensItsPollOnEveryScreen) {
  const json poll = public_poll();
  EXPECT_EQ(poll["pollId"], "poll-1");
  EXPECT_EQ(poll["question"], "Tea or coffee?");
  EXPECT_EQ(poll["status"], "open");
  EXPECT_TRUE(activity_view(state)["board"].is_null());
}

TEST_F(PollSession, ChangingYourVoteReplacesItAndResendingCountsOnce) {
  ASSERT_TRUE(vote("p1", {{"choice", 0}}).ok());
  ASSERT_TRUE(vote("p1", {{"choice", 1}}).ok());
  auto again = vote("p1", {{"choice", 1}});
  EXPECT_TRUE(again.ok());
  EXPECT_TRUE(again.events.empty()) << "the same ballot again is not journaled again";
  ASSERT_TRUE(vote("p2", {{"choice", 1}}).ok());
  const json results = console_view(state)["poll"]["results"];
  EXPECT_EQ(results["voters"], 2);
  EXPECT_EQ(results["options"][0]["count"], 0);
  EXPECT_EQ(results["options"][1]["count"], 2);
  EXPECT_EQ(results["options"][1]["percent"], 100.0);
}

TEST_F(PollSession, HiddenResultsReachParticipantsOnlyOnceRevealed) {
  ASSERT_TRUE(vote("p1", {{"choice", 2}}).ok());
  EXPECT_TRUE(public_poll()["results"].is_null());
  EXPECT_EQ(public_poll()["voterCount"], 1);
  EXPECT_FALSE(console_view(state)["poll"]["results"].is_null()) << "the facilitator always sees them";
  ASSERT_TRUE(control(PollAction::reveal).ok());
  EXPECT_EQ(public_poll()["results"]["options"][2]["count"], 1);
  ASSERT_TRUE(control(PollAction::hide).ok());
  EXPECT_TRUE(public_poll()["results"].is_null());
  ASSERT_TRUE(control(PollAction::live).ok());
  EXPECT_FALSE(public_poll()["results"].is_null());
}

TEST_F(PollSession, AnAnonymousBallotIsFiledUnderItsKeyWithNoNameOrId) {
  auto outcome = vote("p1", {{"choice", 0}});
  ASSERT_EQ(outcome.events.size(), 1u);
  const auto& cast = std::get<BallotCast>(outcome.events[0]);
  EXPECT_EQ(cast.voter_key, "a-p1-poll-1");
  EXPECT_FALSE(cast.voter_name.has_value());
  const std::string everything =
      activity_view(state).dump() + console_view(state).dump() + me_view(state, "p2", {"a-p2-poll-1", "", {}, {}}).dump();
  EXPECT_EQ(everything.find("Dana"), std::string::npos);
  EXPECT_EQ(everything.find("a-p1"), std::string::npos);
}

TEST_F(PollSession, YourOwnBallotComesBackInYourView) {
  ASSERT_TRUE(vote("p1", {{"choice", 2}}).ok());
  EXPECT_EQ(me_view(state, "p1", {"a-p1-poll-1", "", {}, {}})["ballot"],
            (json{{"pollId", "poll-1"}, {"ballot", {{"choice", 2}}}}));
  EXPECT_TRUE(me_view(state, "p2", {"a-p2-poll-1", "", {}, {}})["ballot"]["ballot"].is_null());
}

TEST_F(PollSession, ANamedPollShowsTheFacilitatorWhoAnsweredWhat) {
  ASSERT_TRUE(control(PollAction::named).ok());
  ASSERT_TRUE(vote("p1", {{"choice", 0}}).ok());
  const json console = console_view(state)["poll"];
  ASSERT_EQ(console["answers"].size(), 1u);
  EXPECT_EQ(console["answers"][0]["name"], "Dana");
  EXPECT_EQ(activity_view(state).dump().find("Dana"), std::string::npos) << "participants never see names";
}

TEST_F(PollSession, TurningANamedPollAnonymousNeverLetsAnyoneVoteTwice) {
  ASSERT_TRUE(control(PollAction::named).ok());
  ASSERT_TRUE(vote("p1", {{"choice", 0}}).ok());
  // The hub gives each named voter their new key: here the one vote() uses for p1.
  ASSERT_TRUE(run(Actor::facilitator(), ControlPoll{"poll-1", PollAction::anonymous, {{"p1", "a-p1-poll-1"}}}).ok());
  ASSERT_TRUE(vote("p1", {{"choice", 1}}).ok());
  const json console = console_view(state)["poll"];
  EXPECT_EQ(console["voterCount"], 1);
  EXPECT_FALSE(console.contains("answers"));
  EXPECT_EQ(console.dump().find("Dana"), std::string::npos);
}

// Issue 20 item 7: the switch re-keys the named ballots, so no state or event keeps a participant id or name.
TEST_F(PollSession, MakingANamedPollAnonymousReKeysItsBallots) {
  ASSERT_TRUE(control(PollAction::named).ok());
  ASSERT_TRUE(vote("p1", {{"choice", 0}}).ok());
  ASSERT_TRUE(vote("p2", {{"choice", 1}}).ok());
  const json results = console_view(state)["poll"]["results"];
  EXPECT_EQ(run(Actor::facilitator(), ControlPoll{"poll-1", PollAction::anonymous, {{"p1", "a-x"}}}).rejection->code,
            protocol::ErrorCode::unavailable)
      << "every named voter needs a new key";
  EXPECT_FALSE(run(Actor::facilitator(), ControlPoll{"poll-1", PollAction::anonymous, {{"p1", "a-x"}, {"p2", "p2"}}}).ok());
  auto switched = run(Actor::facilitator(), ControlPoll{"poll-1", PollAction::anonymous, {{"p1", "a-zz"}, {"p2", "a-aa"}}});
  ASSERT_TRUE(switched.ok());
  ASSERT_EQ(switched.events.size(), 2u);
  const auto& rekeyed = std::get<BallotsRekeyed>(switched.events[1]);
  ASSERT_EQ(rekeyed.ballots.size(), 2u);
  EXPECT_EQ(rekeyed.ballots[0].first, "a-aa");  // key order, not voting order
  for (const auto& [key, recorded] : state.activity.find_poll("poll-1")->poll.ballots()) {
    EXPECT_EQ(key.rfind("a-", 0), 0u) << key;
    EXPECT_FALSE(recorded.voter_name.has_value());
  }
  EXPECT_EQ(console_view(state)["poll"]["results"], results);
}

TEST_F(PollSession, OnceAnyoneVotedAnonymouslyThePollCannotBecomeNamed) {
  ASSERT_TRUE(vote("p1", {{"choice", 0}}).ok());
  auto refused = control(PollAction::named);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.rejection->code, protocol::ErrorCode::forbidden);
}

TEST_F(PollSession, UnknownPollsAndClosedPollsAreRefusedClearly) {
  auto unknown = vote("p1", {{"choice", 0}}, "poll-9");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.rejection->code, protocol::ErrorCode::poll_not_found);
  ASSERT_TRUE(control(PollAction::close).ok());
  auto late = vote("p1", {{"choice", 0}});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.rejection->code, protocol::ErrorCode::poll_closed);
  auto bad = vote("p2", {{"choice", 7}});
  ASSERT_FALSE(bad.ok());
}

TEST_F(PollSession, MovingOnClosesThePollAndComingBackFindsItAsItWas) {
  ASSERT_TRUE(vote("p1", {{"choice", 0}}).ok());
  ASSERT_TRUE(run(Actor::facilitator(), NextPhase{}).ok());
  EXPECT_TRUE(activity_view(state)["poll"].is_null());
  ASSERT_TRUE(run(Actor::facilitator(), PreviousPhase{}).ok());
  EXPECT_EQ(public_poll()["status"], "closed");
  EXPECT_EQ(public_poll()["voterCount"], 1);
  ASSERT_TRUE(control(PollAction::open).ok());
  EXPECT_EQ(public_poll()["status"], "open");
}

TEST_F(PollSession, AQuickPollTakesTheScreenAndDismissingItBringsBackThePhasePoll) {
  auto launched = run(Actor::facilitator(),
                      LaunchQuickPoll{{{"pollKind", "scale"},
                                       {"question", "Energy level?"},
                                       {"scale", {{"max", 5}, {"minLabel", "Low"}, {"maxLabel", "High"}}}}});
  ASSERT_TRUE(launched.ok()) << launched.rejection->message;
  EXPECT_EQ(public_poll()["pollId"], "quick-1");
  ASSERT_TRUE(vote("p1", {{"value", 4}}, "quick-1").ok());
  ASSERT_TRUE(control(PollAction::dismiss, "quick-1").ok());
  EXPECT_EQ(public_poll()["pollId"], "poll-1");
  const json polls = console_view(state)["polls"];
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_EQ(polls[1]["pollId"], "quick-1");
  EXPECT_EQ(polls[1]["status"], "closed");
  EXPECT_EQ(polls[1]["voterCount"], 1);
  auto not_quick = control(PollAction::dismiss);
  EXPECT_FALSE(not_quick.ok());
}

TEST_F(PollSession, AQuickPollWithProblemsIsRefusedWithAReason) {
  auto refused = run(Actor::facilitator(), LaunchQuickPoll{{{"pollKind", "single"}, {"question", "Which?"}}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_NE(refused.rejection->message.find("options"), std::string::npos);
}

TEST_F(PollSession, APollTimerClosesThePollAtItsDeadline) {
  ASSERT_TRUE(run(Actor::facilitator(),
                  LaunchQuickPoll{{{"pollKind", "open"}, {"question", "One word?"}, {"timerSeconds", 30}}})
                  .ok());
  ASSERT_TRUE(next_wakeup(state).has_value());
  EXPECT_LE(*next_wakeup(state), now + 30'000);
  now += 30'000;
  ASSERT_TRUE(run(Actor::system(), Tick{}).ok());
  EXPECT_EQ(public_poll()["status"], "closed");
}

TEST_F(PollSession, EndingTheSessionClosesEveryPoll) {
  ASSERT_TRUE(run(Actor::facilitator(), EndSession{}).ok());
  EXPECT_EQ(public_poll()["status"], "closed");
}

TEST_F(PollSession, ReplayingTheJournalRebuildsTheSamePolls) {
  std::vector<Event> journal;
  auto record = [&](Outcome o) {
    ASSERT_TRUE(o.ok());
    for (auto& e : o.events) journal.push_back(e);
  };
  SessionState fresh;
  journal.push_back(create_session("ABCDEF", "keyhash", test::three_phase_scenario(), 100, 1'800'000'000'000));
  for (const char* id : {"p1", "p2"}) journal.push_back(ParticipantJoined{id, id, std::string("hash-") + id, now});
  journal.push_back(PhaseChanged{1, now});
  record(vote("p1", {{"choice", 2}}));
  record(control(PollAction::reveal));
  record(run(Actor::facilitator(), LaunchQuickPoll{{{"pollKind", "wordcloud"}, {"question", "A word?"}}}));
  record(vote("p2", {{"words", {"Trust", "time "}}}, "quick-1"));
  for (const auto& e : journal) core::apply(fresh, e);
  EXPECT_EQ(activity_view(fresh), activity_view(state));
  EXPECT_EQ(console_view(fresh), console_view(state));
}

}  // namespace
}  // namespace huddle::core
