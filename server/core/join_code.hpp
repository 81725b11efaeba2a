#pragma once
// Join codes: six characters people can read aloud and type on a phone without mixing up 0/O or 1/I/L.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace huddle::core {

inline constexpr std::string_view join_code_alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
inline constexpr std::size_t join_code_length = 6;

// Builds a code from random bits supplied by the caller (core draws no randomness of its own).
std::string make_join_code(std::uint64_t random_bits);

// What a person typed ("k7q x3m", "K7Q-X3M") as a canonical code, or nothing if it cannot be one.
std::optional<std::string> normalize_join_code(std::string_view typed);

}  // namespace huddle::core
