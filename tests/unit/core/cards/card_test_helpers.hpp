#pragma once
// Small helpers for the card-board tests: settings in one line, and ids out of card lists.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/cards/confusion_board.hpp"

namespace huddle::core::test {

inline CardSettings card_settings(std::size_t k = 3, CardModeration moderation = CardModeration::none,
                                  bool votes = true) {
  CardSettings s;
  s.prompt = "What is still unclear?";
  s.release_threshold = k;
  s.moderation = moderation;
  s.votes = votes;
  return s;
}

// Submits (id, text) pairs in the order given, expecting each to be accepted.
inline void submit_all(ConfusionBoard& board, const std::vector<std::pair<std::string, std::string>>& cards) {
  for (const auto& [id, text] : cards) {
    auto refusal = board.submit(id, text);
    ASSERT_FALSE(refusal) << id << ": " << refusal->message;
  }
}

inline std::vector<std::string> ids_of(const std::vector<const Card*>& cards) {
  std::vector<std::string> ids;
  for (const Card* c : cards) ids.push_back(c->id);
  return ids;
}

// A board with three released cards a, b, c on it (K = 3, no moderation).
inline ConfusionBoard board_with_abc(CardSettings settings = card_settings()) {
  ConfusionBoard board(std::move(settings));
  submit_all(board, {{"a", "What is the budget process?"}, {"b", "Who decides on hiring?"}, {"c", "How do I say no?"}});
  board.release_ready(42);
  return board;
}

}  // namespace huddle::core::test
