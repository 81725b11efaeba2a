// The board's rules as people meet them: cards appear only in shuffled batches of K, the facilitator
// moderates, "me too" counts each person once, and the board sorts and groups what the room shares.
#include "core/cards/confusion_board.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "unit/core/cards/card_test_helpers.hpp"

namespace huddle::core {
namespace {

using protocol::ErrorCode;
using test::board_with_abc;
using test::card_settings;
using test::ids_of;
using test::submit_all;
using Ids = std::vector<std::string>;

ErrorCode code_of(const ConfusionBoard::Refusal& r) { return r->code; }

// --- holding pen and release -------------------------------------------------------------------------------

TEST(ConfusionBoard, NothingIsVisibleWhileFewerThanKCardsWait) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "one"}, {"b", "two"}});
  EXPECT_TRUE(board.release_ready(1).empty());
  EXPECT_TRUE(board.board_cards(CardSort::votes).empty());
  EXPECT_TRUE(board.cards().empty());  // not even released-but-hidden: nothing exists outside the pen
  EXPECT_EQ(board.waiting_count(), 2u);
}

TEST(ConfusionBoard, AllKCardsAppearTogetherOnceTheKthArrives) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "one"}, {"b", "two"}, {"c", "three"}});
  auto released = board.release_ready(1);
  EXPECT_EQ(std::set<std::string>(released.begin(), released.end()), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(board.board_cards(CardSort::votes).size(), 3u);
  EXPECT_EQ(board.waiting_count(), 0u);
}

TEST(ConfusionBoard, ABatchIsShuffledDeterministicallyBySeed) {
  auto release_order = [](std::uint64_t seed) {
    ConfusionBoard board(card_settings(3));
    submit_all(board, {{"a", "one"}, {"b", "two"}, {"c", "three"}});
    board.release_ready(seed);
    return ids_of(board.board_cards(CardSort::newest));
  };
  bool some_seed_reorders = false;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    EXPECT_EQ(release_order(seed), release_order(seed)) << "seed " << seed;
    some_seed_reorders = some_seed_reorders || release_order(seed) != Ids{"a", "b", "c"};
  }
  EXPECT_TRUE(some_seed_reorders);
}

TEST(ConfusionBoard, WithWritersCountedTheBatchAlsoNeedsKDifferentPeople) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "one"}, {"b", "two"}, {"c", "three"}});
  EXPECT_TRUE(board.release_ready(1, /*writers_waiting=*/2).empty());  // three cards, two people: held
  EXPECT_EQ(board.waiting_count(), 3u);
  submit_all(board, {{"d", "four"}});
  EXPECT_EQ(board.release_ready(1, /*writers_waiting=*/3).size(), 4u);
}

TEST(ConfusionBoard, ForcedReleaseKeepsTheThresholdUnlessForced) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "one"}, {"b", "two"}});
  auto held = board.release_all(1);
  ASSERT_TRUE(std::holds_alternative<Rejection>(held));
  EXPECT_EQ(std::get<Rejection>(held).code, ErrorCode::phase_invalid);
  EXPECT_NE(std::get<Rejection>(held).message.find("2 of 3"), std::string::npos);
  EXPECT_EQ(board.waiting_count(), 2u);

  auto forced = board.release_all(1, /*force=*/true);
  ASSERT_TRUE(std::holds_alternative<ConfusionBoard::Released>(forced));
  EXPECT_EQ(board.board_cards(CardSort::votes).size(), 2u);

  auto empty = board.release_all(1, /*force=*/true);
  EXPECT_TRUE(std::holds_alternative<Rejection>(empty));
}

TEST(ConfusionBoard, LaterCardsWaitForTheirOwnBatch) {
  auto board = board_with_abc();
  submit_all(board, {{"d", "four"}, {"e", "five"}});
  EXPECT_TRUE(board.release_ready(9).empty());
  EXPECT_EQ(board.board_cards(CardSort::votes).size(), 3u);
  EXPECT_EQ(board.waiting_count(), 2u);
}

TEST(ConfusionBoard, SubmitRefusesBadTextBadIdsAndAClosedBoard) {
  ConfusionBoard board(card_settings());
  EXPECT_EQ(code_of(board.submit("a", "   ")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.submit("a", std::string(281, 'x'))), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.submit("", "text")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.submit("has space", "text")), ErrorCode::invalid_field);
  EXPECT_FALSE(board.submit("a", "text"));
  EXPECT_EQ(code_of(board.submit("a", "again")), ErrorCode::invalid_field);  // ids are never reused
  board.set_open(false);
  EXPECT_EQ(code_of(board.can_accept("fine text")), ErrorCode::phase_invalid);
  EXPECT_EQ(code_of(board.submit("b", "fine text")), ErrorCode::phase_invalid);
  board.set_open(true);
  EXPECT_FALSE(board.can_accept("fine text"));
  EXPECT_EQ(code_of(board.can_accept(std::string(281, 'x'))), ErrorCode::invalid_field);
}

TEST(ConfusionBoard, StoresTheCleanedText) {
  ConfusionBoard board(card_settings(1));
  submit_all(board, {{"a", "  Why?\r\n  "}});
  board.release_ready(1);
  EXPECT_EQ(board.find("a")->text, "Why?");
}

// --- moderation ---------------------------------------------------------------------------------------------

TEST(ConfusionBoard, WithApprovalReleasedCardsWaitInTheFacilitatorsQueue) {
  auto board = board_with_abc(card_settings(3, CardModeration::approve));
  EXPECT_TRUE(board.board_cards(CardSort::votes).empty());
  EXPECT_EQ(board.approval_queue().size(), 3u);

  EXPECT_FALSE(board.approve("b"));
  EXPECT_EQ(ids_of(board.board_cards(CardSort::votes)), Ids{"b"});
  EXPECT_EQ(board.approval_queue().size(), 2u);
  EXPECT_EQ(code_of(board.vote("a", "voter-1")), ErrorCode::invalid_field);  // not on the board yet
  EXPECT_EQ(code_of(board.approve("nope")), ErrorCode::invalid_field);
}

TEST(ConfusionBoard, RejectingFromTheQueueIsHiding) {
  auto board = board_with_abc(card_settings(3, CardModeration::approve));
  EXPECT_FALSE(board.hide("a"));
  EXPECT_EQ(board.approval_queue().size(), 2u);
  EXPECT_EQ(ids_of(board.hidden_cards()), Ids{"a"});
  EXPECT_FALSE(board.approve("a"));  // the facilitator changed their mind
  EXPECT_EQ(ids_of(board.board_cards(CardSort::votes)), Ids{"a"});
}

TEST(ConfusionBoard, HideTakesACardOffTheBoardButTheFacilitatorKeepsIt) {
  auto board = board_with_abc();
  ASSERT_FALSE(board.vote("a", "voter-1"));
  EXPECT_FALSE(board.hide("a"));
  auto on_board = ids_of(board.board_cards(CardSort::votes));
  EXPECT_EQ(std::count(on_board.begin(), on_board.end(), "a"), 0);
  EXPECT_EQ(ids_of(board.hidden_cards()), Ids{"a"});
  EXPECT_EQ(code_of(board.vote("a", "voter-2")), ErrorCode::invalid_field);
  EXPECT_FALSE(board.unvote("a", "voter-1"));  // withdrawing one's own "me too" is always possible
  EXPECT_FALSE(board.unhide("a"));
  EXPECT_EQ(board.board_cards(CardSort::votes).size(), 3u);
}

TEST(ConfusionBoard, AddressedAndPinnedAreFlagsOnBoardCards) {
  auto board = board_with_abc();
  EXPECT_FALSE(board.mark_addressed("a"));
  EXPECT_TRUE(board.find("a")->addressed);
  EXPECT_FALSE(board.mark_addressed("a"));  // a double click does no harm
  EXPECT_FALSE(board.unmark_addressed("a"));
  EXPECT_FALSE(board.find("a")->addressed);

  EXPECT_FALSE(board.pin("c"));
  EXPECT_EQ(board.board_cards(CardSort::votes).front()->id, "c");
  EXPECT_EQ(board.board_cards(CardSort::newest).front()->id, "c");
  EXPECT_FALSE(board.unpin("c"));
  EXPECT_FALSE(board.find("c")->pinned);

  board.hide("b");
  EXPECT_EQ(code_of(board.pin("b")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.mark_addressed("zzz")), ErrorCode::invalid_field);
}

TEST(ConfusionBoard, MergeCombinesVotesWithoutCountingAnyoneTwice) {
  auto board = board_with_abc();
  ASSERT_FALSE(board.vote("a", "v1"));
  ASSERT_FALSE(board.vote("a", "v2"));
  ASSERT_FALSE(board.vote("b", "v2"));  // v2 said "me too" to both: counts once after the merge
  ASSERT_FALSE(board.vote("b", "v3"));

  EXPECT_FALSE(board.merge("b", "a"));
  EXPECT_EQ(board.find("a")->vote_count(), 3u);
  auto on_board = ids_of(board.board_cards(CardSort::votes));
  EXPECT_EQ(on_board, (Ids{"a", "c"}));
  EXPECT_EQ(ids_of(board.merged_into("a")), Ids{"b"});
  EXPECT_EQ(board.merged_into("a").front()->text, "Who decides on hiring?");  // the duplicate's text stays
  EXPECT_EQ(code_of(board.vote("b", "v4")), ErrorCode::invalid_field);        // the duplicate is gone

  EXPECT_FALSE(board.unvote("b", "v3"));  // a withdrawal follows the vote to where it went
  EXPECT_EQ(board.find("a")->vote_count(), 2u);
}

TEST(ConfusionBoard, MergeRefusesNonsense) {
  auto board = board_with_abc();
  EXPECT_EQ(code_of(board.merge("a", "a")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.merge("a", "missing")), ErrorCode::invalid_field);
  board.hide("c");
  EXPECT_EQ(code_of(board.merge("a", "c")), ErrorCode::invalid_field);  // into a hidden card
  EXPECT_FALSE(board.merge("c", "a"));                                   // a hidden duplicate is fine
  EXPECT_EQ(code_of(board.merge("c", "b")), ErrorCode::invalid_field);  // already merged
}

TEST(ConfusionBoard, MergingAMergeTargetMovesItsDuplicatesAlong) {
  auto board = board_with_abc();
  ASSERT_FALSE(board.merge("b", "a"));
  ASSERT_FALSE(board.merge("a", "c"));
  auto merged = ids_of(board.merged_into("c"));
  EXPECT_EQ(std::set<std::string>(merged.begin(), merged.end()), (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(board.find("b")->merged_into, "c");  // never a chain: b points at the card still on the board
}

// --- me too -------------------------------------------------------------------------------------------------

TEST(ConfusionBoard, MeTooCountsOncePerVoterAndCanBeWithdrawn) {
  auto board = board_with_abc();
  EXPECT_FALSE(board.vote("a", "v1"));
  EXPECT_EQ(code_of(board.vote("a", "v1")), ErrorCode::invalid_field);
  EXPECT_EQ(board.find("a")->vote_count(), 1u);
  EXPECT_TRUE(board.has_voted("a", "v1"));
  EXPECT_FALSE(board.vote("b", "v1"));  // one per card, not one in all

  EXPECT_FALSE(board.unvote("a", "v1"));
  EXPECT_EQ(board.find("a")->vote_count(), 0u);
  EXPECT_FALSE(board.has_voted("a", "v1"));
  EXPECT_EQ(code_of(board.unvote("a", "v1")), ErrorCode::invalid_field);
  EXPECT_FALSE(board.vote("a", "v1"));  // and given again
}

TEST(ConfusionBoard, MeTooIsRefusedWhenSwitchedOff) {
  auto board = board_with_abc(card_settings(3, CardModeration::none, /*votes=*/false));
  EXPECT_EQ(code_of(board.vote("a", "v1")), ErrorCode::forbidden);
  EXPECT_EQ(board.find("a")->vote_count(), 0u);
}

TEST(ConfusionBoard, MeTooIsRefusedOnCardsStillInThePen) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "one"}, {"b", "two"}});
  auto refusal = board.vote("a", "v1");
  ASSERT_TRUE(refusal);
  // The same answer as for an id that never existed: the pen gives nothing away.
  EXPECT_EQ(refusal->message, board.vote("never-existed", "v1")->message);
}

TEST(ConfusionBoard, MeTooNeedsAVoterKey) {
  auto board = board_with_abc();
  EXPECT_EQ(code_of(board.vote("a", "")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.vote("a", std::string(129, 'k'))), ErrorCode::invalid_field);
}

// --- sorting ------------------------------------------------------------------------------------------------

TEST(ConfusionBoard, SortByVotesPutsWhatMostShareFirstAndKeepsTiesStable) {
  auto board = board_with_abc();
  const Ids release = ids_of(board.board_cards(CardSort::newest));  // one batch: the release order
  const std::string& last = release[2];
  ASSERT_FALSE(board.vote(last, "v1"));
  ASSERT_FALSE(board.vote(last, "v2"));
  ASSERT_FALSE(board.vote(release[1], "v1"));
  EXPECT_EQ(ids_of(board.board_cards(CardSort::votes)), (Ids{last, release[1], release[0]}));

  ASSERT_FALSE(board.unvote(last, "v1"));
  ASSERT_FALSE(board.unvote(last, "v2"));
  ASSERT_FALSE(board.unvote(release[1], "v1"));
  EXPECT_EQ(ids_of(board.board_cards(CardSort::votes)), release);  // all tied: stable release order
}

TEST(ConfusionBoard, SortNewestPutsTheNewestBatchFirst) {
  auto board = board_with_abc();
  const Ids first_batch = ids_of(board.board_cards(CardSort::newest));
  submit_all(board, {{"d", "four"}, {"e", "five"}, {"f", "six"}});
  const Ids second_batch = board.release_ready(5);
  auto newest = ids_of(board.board_cards(CardSort::newest));
  ASSERT_EQ(newest.size(), 6u);
  EXPECT_EQ(Ids(newest.begin(), newest.begin() + 3), second_batch);
  EXPECT_EQ(Ids(newest.begin() + 3, newest.end()), first_batch);
}

// --- theme groups on the board ------------------------------------------------------------------------------

TEST(ConfusionBoard, CardsOnTheBoardAreGroupedByTheme) {
  ConfusionBoard board(card_settings(3));
  submit_all(board, {{"a", "What is the budget process?"}, {"b", "budget approvals are slow"}, {"c", "Who owns hiring?"}});
  board.release_ready(3);
  ASSERT_EQ(board.groups().size(), 1u);
  EXPECT_EQ(board.groups()[0].id, "g-budget");
  EXPECT_EQ(board.find("a")->group_id, "g-budget");
  EXPECT_EQ(board.find("b")->group_id, "g-budget");
  EXPECT_FALSE(board.find("c")->group_id.has_value());

  board.hide("b");  // a group needs two cards on the board
  EXPECT_TRUE(board.groups().empty());
  EXPECT_FALSE(board.find("a")->group_id.has_value());
}

TEST(ConfusionBoard, QueuedCardsAreNotGrouped) {
  // A group name made from an unapproved card's words would show part of it to the room.
  auto board = board_with_abc(card_settings(3, CardModeration::approve));
  EXPECT_TRUE(board.groups().empty());
}

TEST(ConfusionBoard, ARenamedGroupKeepsItsNameWhenCardsJoin) {
  ConfusionBoard board(card_settings(2));
  submit_all(board, {{"a", "budget process"}, {"b", "budget approvals"}});
  board.release_ready(1);
  ASSERT_FALSE(board.rename_group("g-budget", "  Money & sign-off "));
  EXPECT_EQ(board.find_group("g-budget")->name, "Money & sign-off");

  submit_all(board, {{"c", "Budget deadlines?"}, {"d", "hiring budget"}});
  board.release_ready(2);
  ASSERT_NE(board.find_group("g-budget"), nullptr);
  EXPECT_EQ(board.find_group("g-budget")->name, "Money & sign-off");
  EXPECT_TRUE(board.find_group("g-budget")->renamed);
  EXPECT_EQ(board.find_group("g-budget")->card_ids.size(), 4u);
}

TEST(ConfusionBoard, ANameIsForgottenWhenItsGroupDissolves) {
  ConfusionBoard board(card_settings(2));
  submit_all(board, {{"a", "budget process"}, {"b", "budget approvals"}});
  board.release_ready(1);
  ASSERT_FALSE(board.rename_group("g-budget", "Money"));
  board.hide("b");
  board.unhide("b");
  EXPECT_EQ(board.find_group("g-budget")->name, "budget");
}

TEST(ConfusionBoard, RenameChecksTheGroupAndTheName) {
  ConfusionBoard board(card_settings(2));
  submit_all(board, {{"a", "budget process"}, {"b", "budget approvals"}});
  board.release_ready(1);
  EXPECT_EQ(code_of(board.rename_group("g-nothing", "Name")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.rename_group("g-budget", "")), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.rename_group("g-budget", std::string(61, 'n'))), ErrorCode::invalid_field);
  EXPECT_EQ(code_of(board.rename_group("g-budget", "Two\nlines")), ErrorCode::invalid_field);
  EXPECT_EQ(board.find_group("g-budget")->name, "budget");
}

}  // namespace
}  // namespace huddle::core
