#pragma once
// Named limits of the confusion-card board. Defaults and bounds match scenarios/README.md, "cards".
#include <cstddef>

namespace huddle::core {

// K: cards stay in the holding pen until at least this many are waiting.
inline constexpr std::size_t default_release_threshold = 3;
inline constexpr std::size_t min_release_threshold = 1;
inline constexpr std::size_t max_release_threshold = 50;

// Characters (Unicode code points, after trimming) on one card.
inline constexpr std::size_t default_card_max_length = 280;
inline constexpr std::size_t min_card_max_length = 20;
inline constexpr std::size_t max_card_max_length = 1000;

// Cards one person may write in a phase. Counted by the caller: the board never knows who wrote what.
inline constexpr std::size_t default_cards_per_person = 3;
inline constexpr std::size_t min_cards_per_person = 1;
inline constexpr std::size_t max_cards_per_person = 20;

// A facilitator's name for a theme group, in code points after trimming.
inline constexpr std::size_t max_group_name_code_points = 60;

// Card ids come from the caller's CSPRNG; voter keys are hex SHA-256 digests. Both are bounded so a bad
// caller cannot grow the state without limit.
inline constexpr std::size_t max_card_id_bytes = 64;
inline constexpr std::size_t max_voter_key_bytes = 128;

// Longest run of line breaks kept inside a card: one blank line between paragraphs, so nobody can push the
// rest of the board off screen with empty lines.
inline constexpr std::size_t max_consecutive_line_breaks = 2;

}  // namespace huddle::core
