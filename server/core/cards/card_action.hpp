#pragma once
// The facilitator's moderation steps on one card (PROTOCOL.md, "card.moderate").
#include <array>
#include <optional>
#include <string_view>

namespace huddle::core {

enum class CardAction { approve, hide, unhide, addressed, unaddressed, pin, unpin };

inline constexpr std::array<std::string_view, 7> card_action_names{"approve",     "hide", "unhide", "addressed",
                                                                   "unaddressed", "pin",  "unpin"};

constexpr std::string_view to_string(CardAction action) noexcept {
  return card_action_names[static_cast<std::size_t>(action)];
}

constexpr std::optional<CardAction> parse_card_action(std::string_view text) noexcept {
  for (std::size_t i = 0; i < card_action_names.size(); ++i) {
    if (card_action_names[i] == text) return static_cast<CardAction>(i);
  }
  return std::nullopt;
}

}  // namespace huddle::core
