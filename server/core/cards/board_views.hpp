#pragma once
// What each audience sees of a confusion board, as the `data` object of a push. Pure builders.
//
// None of them prints a voter key, a time, a submission sequence or anything from the holding pen but its
// size. Card order is the only order shown, and it comes from release (shuffled batches), never from writing.
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/cards/card_sort.hpp"
#include "core/cards/confusion_board.hpp"

namespace huddle::core {

// Everyone: the cards on the board (id, text, votes, addressed, pinned, theme group, release batch) and how
// many wait.
nlohmann::json board_public_view(const ConfusionBoard& board, CardSort sort);

// The facilitator: the public view plus, per card, the texts merged into it; the approval queue; hidden
// cards; the theme groups; the writing limits. Still no authors, and still nothing from the holding pen.
nlohmann::json board_facilitator_view(const ConfusionBoard& board, CardSort sort);

// One voter's own "me too" marks, so their screen shows the toggles right after a reconnect: the ids of
// cards on the board this voter key has voted on, in release order.
nlohmann::json board_voter_view(const ConfusionBoard& board, std::string_view voter_key);

}  // namespace huddle::core
