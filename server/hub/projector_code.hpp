#pragma once
// Projector codes: what opens a session's projector view, and nothing else, on another machine (the room's PC).
// The code is derived from the facilitator key and the join code, so the console gets the same code after a
// reload or a server restart without the code itself being stored: the session keeps only its hash.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace huddle::hub {

// Characters in a projector code: 12 from the join-code alphabet (no 0/O, 1/I/L) are about 59 bits, far out of
// reach of guessing at the wrong-code allowance (hub_options.hpp), and still short enough to type.
inline constexpr std::size_t projector_code_length = 12;
// Shown in groups of this many, "ABCD-EFGH-JKMN", to be read off one screen and typed on another.
inline constexpr std::size_t projector_code_group = 4;

// The projector code of session `join_code` whose facilitator key is `facilitator_key`, grouped with dashes.
std::string projector_code(std::string_view facilitator_key, std::string_view join_code);

// What a person typed ("abcd efgh jkmn", "ABCD-EFGH-JKMN") as the canonical code (no dashes), or nothing.
std::optional<std::string> normalize_projector_code(std::string_view typed);

// The hash a session keeps of its projector code (the canonical form's SHA-256, like keys and tokens).
std::string projector_code_hash(std::string_view code);

}  // namespace huddle::hub
