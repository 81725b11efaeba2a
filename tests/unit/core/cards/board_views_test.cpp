// What each audience sees of the board: the room sees the board, the facilitator also sees what is queued,
// hidden and merged, and a voter sees their own "me too" marks. Nobody sees the holding pen.
#include "core/cards/board_views.hpp"

#include <gtest/gtest.h>

#include "unit/core/cards/card_test_helpers.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using test::board_with_abc;
using test::card_settings;
using test::submit_all;

const json* card_in(const json& list, const std::string& id) {
  for (const auto& c : list) {
    if (c["id"] == id) return &c;
  }
  return nullptr;
}

TEST(BoardViews, ThePublicViewShowsBoardCardsAndHowManyWait) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "What is the budget process?"}, {"b", "budget approvals are slow"}, {"c", "Who owns hiring?"}});
  board.release_ready(1);
  board.vote("a", "v1");
  board.pin("c");
  board.mark_addressed("b");
  submit_all(board, {{"d", "A card still in the pen"}});

  auto view = board_public_view(board, CardSort::votes);
  EXPECT_EQ(view["prompt"], "What is still unclear?");
  EXPECT_EQ(view["waiting"], 1);
  EXPECT_EQ(view["releaseThreshold"], 3);
  EXPECT_EQ(view["sort"], "votes");
  ASSERT_EQ(view["cards"].size(), 3u);
  EXPECT_EQ(view["cards"][0]["id"], "c");  // pinned first
  EXPECT_EQ(view["cards"][1]["id"], "a");  // then by votes
  const json& a = *card_in(view["cards"], "a");
  EXPECT_EQ(a, (json{{"id", "a"},
                     {"text", "What is the budget process?"},
                     {"votes", 1},
                     {"addressed", false},
                     {"pinned", false},
                     {"group", {{"id", "g-budget"}, {"name", "budget"}}},
                     {"batch", 1}}));
  EXPECT_EQ((*card_in(view["cards"], "b"))["addressed"], true);
  EXPECT_TRUE((*card_in(view["cards"], "c"))["group"].is_null());
  EXPECT_EQ(view.dump().find("in the pen"), std::string::npos);
}

TEST(BoardViews, ThePublicViewLeavesOutQueuedHiddenAndMergedCards) {
  auto board = board_with_abc(card_settings(3, CardModeration::approve));
  board.approve("a");
  board.approve("b");
  board.hide("b");
  auto view = board_public_view(board, CardSort::newest);
  ASSERT_EQ(view["cards"].size(), 1u);
  EXPECT_EQ(view["cards"][0]["id"], "a");
  EXPECT_EQ(view["moderated"], true);
  EXPECT_FALSE(view.contains("approvalQueue"));
  EXPECT_FALSE(view.contains("hidden"));
  EXPECT_EQ(view.dump().find("Who decides on hiring?"), std::string::npos);  // b's text
  EXPECT_EQ(view.dump().find("How do I say no?"), std::string::npos);        // c's text, still queued
}

TEST(BoardViews, TheFacilitatorSeesQueueHiddenMergedAndGroups) {
  ConfusionBoard board(card_settings(4, CardModeration::approve));
  submit_all(board, {{"a", "budget process"}, {"b", "budget approvals"}, {"c", "Who owns hiring?"}, {"d", "Say no how?"}});
  board.release_ready(1);
  board.approve("a");
  board.approve("b");
  board.approve("c");
  board.vote("a", "v1");
  board.vote("c", "v2");
  board.merge("c", "a");
  board.hide("d");
  board.rename_group("g-budget", "Money");

  auto view = board_facilitator_view(board, CardSort::votes);
  const json& a = *card_in(view["cards"], "a");
  EXPECT_EQ(a["votes"], 2);
  EXPECT_EQ(a["merged"], (json::array({{{"id", "c"}, {"text", "Who owns hiring?"}}})));
  EXPECT_EQ(card_in(view["cards"], "c"), nullptr);
  EXPECT_TRUE(view["approvalQueue"].empty());
  ASSERT_EQ(view["hidden"].size(), 1u);
  EXPECT_EQ(view["hidden"][0]["id"], "d");
  EXPECT_EQ(view["hidden"][0]["awaitingApproval"], true);
  ASSERT_EQ(view["groups"].size(), 1u);
  EXPECT_EQ(view["groups"][0]["name"], "Money");
  EXPECT_EQ(view["groups"][0]["keyword"], "budget");
  EXPECT_EQ(view["groups"][0]["renamed"], true);
  EXPECT_EQ(view["maxPerPerson"], 3);
}

TEST(BoardViews, TheFacilitatorSeesTheQueueButNotThePen) {
  auto board = board_with_abc(card_settings(3, CardModeration::approve));
  submit_all(board, {{"p", "Secret pen text"}});
  auto view = board_facilitator_view(board, CardSort::votes);
  EXPECT_EQ(view["approvalQueue"].size(), 3u);
  EXPECT_EQ(view["waiting"], 1);
  EXPECT_EQ(view.dump().find("Secret pen text"), std::string::npos);
}

TEST(BoardViews, AVoterSeesTheirOwnMeTooMarksAfterAReconnect) {
  auto board = board_with_abc();
  board.vote("a", "v1");
  board.vote("c", "v1");
  board.vote("b", "v2");
  auto mine = board_voter_view(board, "v1")["meToo"].get<std::vector<std::string>>();
  EXPECT_EQ(std::set<std::string>(mine.begin(), mine.end()), (std::set<std::string>{"a", "c"}));
  board.unvote("c", "v1");
  EXPECT_EQ(board_voter_view(board, "v1")["meToo"], json::array({"a"}));
  board.hide("a");
  EXPECT_TRUE(board_voter_view(board, "v1")["meToo"].empty());
  EXPECT_TRUE(board_voter_view(board, "someone-else")["meToo"].empty());
}

TEST(BoardViews, UserTextIsCarriedAsPlainStrings) {
  ConfusionBoard board(card_settings(1));
  submit_all(board, {{"x", "<img src=x onerror=alert(1)>"}});
  board.release_ready(1);
  EXPECT_EQ(board_public_view(board, CardSort::votes)["cards"][0]["text"], "<img src=x onerror=alert(1)>");
}

}  // namespace
}  // namespace huddle::core
