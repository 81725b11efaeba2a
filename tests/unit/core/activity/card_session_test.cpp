// Confusion cards inside a session: a board per cards phase, release only once K different people wrote,
// per-person limits the hub counts, "me too" once per person, and no author anywhere in events or views.
#include <gtest/gtest.h>

#include "core/activity_rules.hpp"
#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

class CardSession : public test::SessionFixture {
 protected:
  void SetUp() override {
    SessionFixture::SetUp();
    join("p1", "Dana");
    join("p2", "Sam");
    join("p3", "Lee");
    ASSERT_TRUE(run(Actor::facilitator(), GotoPhase{2}).ok());  // cards, K = 3
  }
  int next_card = 0;
  Outcome write(const std::string& who, const std::string& text, std::size_t written, std::size_t writers) {
    char id[16];
    std::snprintf(id, sizeof id, "c-%012d", ++next_card);
    return run(Actor::participant(who), SubmitCard{id, text, written, writers, 42});
  }
  json board() { return activity_view(state)["board"]; }
};

TEST_F(CardSession, CardsWaitUntilKDifferentPeopleHaveWritten) {
  ASSERT_TRUE(write("p1", "How is the budget set?", 0, 1).ok());
  ASSERT_TRUE(write("p1", "Who signs off the budget?", 1, 1).ok());
  ASSERT_TRUE(write("p2", "What is a 1:1 for?", 0, 2).ok());
  EXPECT_EQ(board()["cards"].size(), 0u) << "three cards from two people stay in the pen";
  EXPECT_EQ(board()["waiting"], 3);
  auto third_writer = write("p3", "How often should we meet?", 0, 3);
  ASSERT_TRUE(third_writer.ok());
  ASSERT_EQ(third_writer.events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<CardsReleased>(third_writer.events[1]));
  EXPECT_EQ(board()["cards"].size(), 4u);
  EXPECT_EQ(board()["waiting"], 0);
}

TEST_F(CardSession, NoCardEventOrViewNamesItsWriter) {
  std::vector<Event> events;
  for (const char* who : {"p1", "p2", "p3"}) {
    auto o = write(who, std::string("A question from someone ") + who, 0, 3);
    ASSERT_TRUE(o.ok());
    events.insert(events.end(), o.events.begin(), o.events.end());
  }
  for (const auto& e : events) {
    if (const auto* card = std::get_if<CardSubmitted>(&e)) {
      EXPECT_EQ(card->card_id.find("p"), std::string::npos);  // random-looking id, not a participant's
    }
  }
  const std::string everything = activity_view(state).dump() + console_view(state).dump();
  for (const char* name : {"Dana", "Sam", "Lee", "\"p1\"", "\"p2\"", "\"p3\""}) {
    EXPECT_EQ(everything.find(name), std::string::npos) << name;
  }
}

TEST_F(CardSession, OnePersonCannotWriteMoreThanTheBoardAllows) {
  auto refused = write("p1", "Yet another question", 3, 1);  // default maxPerPerson is 3
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.rejection->code, protocol::ErrorCode::rate_limited);
}

TEST_F(CardSession, EmptyOrOversizedCardsAndPhasesWithoutABoardAreRefused) {
  EXPECT_EQ(write("p1", "   ", 0, 1).rejection->code, protocol::ErrorCode::invalid_field);
  EXPECT_EQ(write("p1", std::string(281, 'x'), 0, 1).rejection->code, protocol::ErrorCode::invalid_field);
  ASSERT_TRUE(run(Actor::facilitator(), GotoPhase{0}).ok());
  EXPECT_EQ(write("p1", "Hello?", 0, 1).rejection->code, protocol::ErrorCode::phase_invalid);
}

TEST_F(CardSession, MeTooCountsOncePerPersonAndCanBeTakenBack) {
  for (const char* who : {"p1", "p2", "p3"}) ASSERT_TRUE(write(who, std::string("Card by ") + who, 0, 3).ok());
  const std::string card = board()["cards"][0]["id"];
  ASSERT_TRUE(run(Actor::participant("p1"), VoteCard{card, "a-board-p1", true}).ok());
  auto twice = run(Actor::participant("p1"), VoteCard{card, "a-board-p1", true});
  EXPECT_TRUE(twice.ok());
  EXPECT_TRUE(twice.events.empty());
  ASSERT_TRUE(run(Actor::participant("p2"), VoteCard{card, "a-board-p2", true}).ok());
  EXPECT_EQ(board()["cards"][0]["votes"], 2);
  EXPECT_EQ(me_view(state, "p1", {"", "a-board-p1", 3, {}})["meToo"], json::array({card}));
  ASSERT_TRUE(run(Actor::participant("p1"), VoteCard{card, "a-board-p1", false}).ok());
  EXPECT_EQ(board()["cards"][0]["votes"], 1);
  EXPECT_EQ(me_view(state, "p1", {"", "a-board-p1", 3, {}})["meToo"], json::array());
}

TEST_F(CardSession, MergingCombinesVotesWithoutCountingAnyoneTwice) {
  for (const char* who : {"p1", "p2", "p3"}) ASSERT_TRUE(write(who, std::string("Card by ") + who, 0, 3).ok());
  const std::string a = board()["cards"][0]["id"];
  const std::string b = board()["cards"][1]["id"];
  ASSERT_TRUE(run(Actor::participant("p1"), VoteCard{a, "a-board-p1", true}).ok());
  ASSERT_TRUE(run(Actor::participant("p1"), VoteCard{b, "a-board-p1", true}).ok());
  ASSERT_TRUE(run(Actor::participant("p2"), VoteCard{b, "a-board-p2", true}).ok());
  ASSERT_TRUE(run(Actor::facilitator(), MergeCards{b, a}).ok());
  ASSERT_EQ(board()["cards"].size(), 2u);
  EXPECT_EQ(board()["cards"][0]["id"], a);
  EXPECT_EQ(board()["cards"][0]["votes"], 2);
}

TEST_F(CardSession, TheFacilitatorCanReleaseEarlyOnlyWhenForced) {
  ASSERT_TRUE(write("p1", "A lonely question", 0, 1).ok());
  auto refused = run(Actor::facilitator(), ReleaseCards{false, 1, 7});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.rejection->message.find("1 of 3"), std::string::npos);
  ASSERT_TRUE(run(Actor::facilitator(), ReleaseCards{true, 1, 7}).ok());
  EXPECT_EQ(board()["cards"].size(), 1u);
}

TEST_F(CardSession, ModerationPinsHidesAndRenamesThemes) {
  ASSERT_TRUE(write("p1", "How is the budget set?", 0, 1).ok());
  ASSERT_TRUE(write("p2", "Who owns the budget?", 0, 2).ok());
  ASSERT_TRUE(write("p3", "What is a 1:1 for?", 0, 3).ok());
  const json groups = console_view(state)["board"]["groups"];
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_TRUE(run(Actor::facilitator(), RenameCardGroup{"g-budget", "Money"}).ok());
  EXPECT_EQ(console_view(state)["board"]["groups"][0]["name"], "Money");
  const std::string first = board()["cards"][0]["id"];
  ASSERT_TRUE(run(Actor::facilitator(), ModerateCard{first, CardAction::hide}).ok());
  EXPECT_EQ(board()["cards"].size(), 2u);
  EXPECT_EQ(console_view(state)["board"]["hidden"].size(), 1u);
  auto unknown = run(Actor::facilitator(), ModerateCard{"c-nope", CardAction::pin});
  EXPECT_FALSE(unknown.ok());
}

TEST_F(CardSession, ReplayingTheJournalRebuildsTheSameBoard) {
  std::vector<Event> journal{create_session("ABCDEF", "keyhash", test::three_phase_scenario(), 100, 1'800'000'000'000)};
  for (const char* id : {"p1", "p2", "p3"}) journal.push_back(ParticipantJoined{id, id, std::string("hash-") + id, now});
  journal.push_back(PhaseChanged{2, now});
  auto record = [&](Outcome o) {
    ASSERT_TRUE(o.ok());
    journal.insert(journal.end(), o.events.begin(), o.events.end());
  };
  record(write("p1", "How is the budget set?", 0, 1));
  record(write("p2", "Who owns the budget?", 0, 2));
  record(write("p3", "What is a 1:1 for?", 0, 3));
  record(run(Actor::participant("p1"), VoteCard{board()["cards"][0]["id"], "a-board-p1", true}));
  record(run(Actor::facilitator(), ModerateCard{board()["cards"][1]["id"], CardAction::pin}));
  SessionState fresh;
  for (const auto& e : journal) core::apply(fresh, e);
  EXPECT_EQ(activity_view(fresh), activity_view(state));
  EXPECT_EQ(console_view(fresh), console_view(state));
}

}  // namespace
}  // namespace huddle::core
