#pragma once
// How a board lists its cards. Pinned cards come first either way.
#include <optional>
#include <string_view>

namespace huddle::core {

enum class CardSort {
  votes,     // most "me too" first; ties in the stable order cards were given at release
  newest,    // newest release batch first; within a batch, the batch's shuffled order
  // The order of release alone (batch by batch, each batch shuffled), pinned cards not first: it never changes
  // as votes come in, so a change of counts is a small patch (PROTOCOL.md, "patch"); screens sort for display.
  released,
};

constexpr std::string_view to_string(CardSort sort) noexcept {
  switch (sort) {
    case CardSort::votes: return "votes";
    case CardSort::newest: return "newest";
    case CardSort::released: return "released";
  }
  return "votes";
}

constexpr std::optional<CardSort> parse_card_sort(std::string_view text) noexcept {
  if (text == "votes") return CardSort::votes;
  if (text == "newest") return CardSort::newest;
  return std::nullopt;
}

}  // namespace huddle::core
