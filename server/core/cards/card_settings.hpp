#pragma once
// The settings of one cards activity, as a scenario phase writes them (scenarios/README.md, "cards").
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "core/cards/card_limits.hpp"
#include "core/cards/card_moderation.hpp"

namespace huddle::core {

struct CardSettings {
  std::string prompt;
  std::size_t release_threshold = default_release_threshold;  // K
  CardModeration moderation = CardModeration::none;
  std::size_t max_length = default_card_max_length;       // code points per card
  std::size_t max_per_person = default_cards_per_person;  // enforced by the caller, which knows who is writing
  bool votes = true;                                      // "me too" allowed

  // Reads a phase's `activity` object. Missing fields take the README's defaults. The scenario checker has
  // already refused bad values; numbers are still clamped to the schema's bounds, and a moderation value
  // other than "none" counts as "approve", so a hand-built activity can only ever err on the careful side.
  static CardSettings from_activity(const nlohmann::json& activity);
};

}  // namespace huddle::core
