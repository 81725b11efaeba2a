// The product's first promise: nobody using Huddle can learn who wrote a card. Every view of the board is
// dumped and searched for anything that could point at a writer or a voter: voter keys, times, submission
// order. And the views of a batch must not depend on the order its cards were written in at all.
#include <algorithm>
#include <array>
#include <cctype>

#include <gtest/gtest.h>

#include "core/cards/board_views.hpp"
#include "unit/core/cards/card_test_helpers.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using test::card_settings;
using Submission = std::pair<std::string, std::string>;

// Ids as the caller would draw them: random, so they carry no order of their own.
const std::array<Submission, 3> first_batch{{{"q7XkP2", "What is the budget process?"},
                                             {"Bm94tZ", "Who signs off budget approvals?"},
                                             {"e0RwLs", "How do I push back on my manager?"}}};
const std::array<Submission, 3> second_batch{{{"Zt5uQ1", "When do we hear about the reorg?"},
                                              {"h3NcV8", "What counts as a promotion case?"},
                                              {"Kd2oY6", "Why was the offsite cancelled?"}}};
const std::array<std::string, 3> voter_keys{
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
    "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"};

std::vector<json> every_view(const ConfusionBoard& board) {
  std::vector<json> views;
  for (CardSort sort : {CardSort::votes, CardSort::newest}) {
    views.push_back(board_public_view(board, sort));
    views.push_back(board_facilitator_view(board, sort));
  }
  for (const auto& key : voter_keys) views.push_back(board_voter_view(board, key));
  return views;
}

// Writes the first batch in the given order, releases it with seed1; the same for the second batch; votes.
ConfusionBoard run(CardSettings settings, std::array<Submission, 3> first, std::array<Submission, 3> second,
                   std::uint64_t seed1, std::uint64_t seed2) {
  ConfusionBoard board(std::move(settings));
  for (const auto& [id, text] : first) EXPECT_FALSE(board.submit(id, text));
  board.release_ready(seed1);
  for (const auto& [id, text] : second) EXPECT_FALSE(board.submit(id, text));
  board.release_ready(seed2);
  for (const Card& card : board.cards()) board.approve(card.id);  // a no-op without moderation
  board.vote(first_batch[0].first, voter_keys[0]);
  board.vote(first_batch[0].first, voter_keys[1]);
  board.vote(second_batch[1].first, voter_keys[2]);
  return board;
}

void collect_keys(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      out.push_back(key);
      collect_keys(value, out);
    }
  } else if (j.is_array()) {
    for (const auto& value : j) collect_keys(value, out);
  }
}

TEST(Anonymity, NoViewContainsAVoterKey) {
  auto board = run(card_settings(3), first_batch, second_batch, 11, 12);
  ASSERT_EQ(board.find(first_batch[0].first)->vote_count(), 2u);  // the keys are in the state...
  for (const json& view : every_view(board)) {
    const std::string dumped = view.dump();
    for (const auto& key : voter_keys) {
      EXPECT_EQ(dumped.find(key), std::string::npos) << "...but never in a view: " << dumped;
      EXPECT_EQ(dumped.find(key.substr(0, 16)), std::string::npos) << "not even in part";
    }
  }
}

TEST(Anonymity, NoFieldNamesATimeAnOrderOrAPerson) {
  CardSettings moderated = card_settings(3, CardModeration::approve);
  auto board = run(moderated, first_batch, second_batch, 11, 12);
  board.hide(second_batch[0].first);
  board.merge(second_batch[2].first, first_batch[0].first);
  // "batch" is allowed: it numbers the release batches, which everyone watching saw appear together, so
  // it says no more than the board itself did; within a batch, cards carry nothing but their shuffled place.
  const std::array<std::string, 13> suspicious{"time", "date", "seq", "order", "index", "rank", "submit",
                                               "created", "author", "writer", "participant", "voter", "arriv"};
  for (const json& view : every_view(board)) {
    std::vector<std::string> keys;
    collect_keys(view, keys);
    for (std::string key : keys) {
      const bool ends_in_at = key.size() > 2 && key.ends_with("At");
      EXPECT_FALSE(ends_in_at) << key;
      std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
      for (const auto& word : suspicious) EXPECT_EQ(key.find(word), std::string::npos) << key;
    }
  }
}

TEST(Anonymity, TheOrderCardsWereWrittenInLeavesNoTraceInAnyView) {
  for (CardModeration moderation : {CardModeration::none, CardModeration::approve}) {
    for (std::uint64_t seed : {1ull, 2ull, 77ull, 0xDEADBEEFull}) {
      const auto reference = every_view(run(card_settings(3, moderation), first_batch, second_batch, seed, seed + 1));
      auto first = first_batch;
      std::sort(first.begin(), first.end());
      do {
        auto second = second_batch;
        std::reverse(second.begin(), second.end());
        EXPECT_EQ(every_view(run(card_settings(3, moderation), first, second, seed, seed + 1)), reference)
            << "seed " << seed << ", first batch written starting with " << first[0].first;
      } while (std::next_permutation(first.begin(), first.end()));
    }
  }
}

TEST(Anonymity, TheSeedNotTheWritingOrderDecidesABatchsOrder) {
  // Across seeds the first card written lands in every position: its place says nothing about it.
  std::set<std::size_t> positions;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    auto board = run(card_settings(3), first_batch, second_batch, seed, 0);
    auto cards = board_public_view(board, CardSort::newest)["cards"];
    for (std::size_t i = 3; i < 6; ++i) {  // the first batch, below the newer second one
      if (cards[i]["id"] == first_batch[0].first) positions.insert(i - 3);
    }
  }
  EXPECT_EQ(positions, (std::set<std::size_t>{0, 1, 2}));
}

TEST(Anonymity, NothingFromTheHoldingPenShowsAnywhere) {
  ConfusionBoard board(card_settings(3));
  for (std::size_t i = 0; i < 2; ++i) ASSERT_FALSE(board.submit(first_batch[i].first, first_batch[i].second));
  for (const json& view : every_view(board)) {
    const std::string dumped = view.dump();
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(dumped.find(first_batch[i].first), std::string::npos);
      EXPECT_EQ(dumped.find(first_batch[i].second), std::string::npos);
    }
  }
  EXPECT_EQ(board_public_view(board, CardSort::votes)["waiting"], 2);
}

}  // namespace
}  // namespace huddle::core
