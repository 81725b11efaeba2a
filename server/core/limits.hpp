#pragma once
// Named limits of the session rules. Transport limits live in net/server_options.hpp.
#include <cstddef>

namespace huddle::core {

// Longest display name, in Unicode code points after trimming (PROTOCOL.md, "Limits").
inline constexpr std::size_t max_name_code_points = 40;
// Default cap on participants in one session; the server flag --max-participants changes it.
inline constexpr std::size_t default_max_participants = 5000;

}  // namespace huddle::core
