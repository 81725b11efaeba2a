#pragma once
// How a board lists its cards. Pinned cards come first either way.
#include <optional>
#include <string_view>

namespace huddle::core {

enum class CardSort {
  votes,   // most "me too" first; ties in the stable order cards were given at release
  newest,  // newest release batch first; within a batch, the batch's shuffled order
};

constexpr std::string_view to_string(CardSort sort) noexcept { return sort == CardSort::votes ? "votes" : "newest"; }

constexpr std::optional<CardSort> parse_card_sort(std::string_view text) noexcept {
  if (text == "votes") return CardSort::votes;
  if (text == "newest") return CardSort::newest;
  return std::nullopt;
}

}  // namespace huddle::core
