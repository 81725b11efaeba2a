#pragma once
// UTF-8 in and out, strictly: names and scenario texts must be valid text before anything else is checked.
#include <string>
#include <string_view>
#include <vector>

namespace huddle::core {

// Decodes into code points; false on any malformed, overlong, surrogate or out-of-range sequence.
bool decode_utf8(std::string_view text, std::vector<char32_t>& out);
// The same strict check without decoding or allocating (WebSocket text messages and close reasons).
bool is_valid_utf8(std::string_view text) noexcept;
// Appends one code point (assumed valid) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

// The character classes every piece of user text is checked against (names, cards, poll answers), so they
// all refuse and trim the same things.
constexpr bool is_space(char32_t cp) noexcept {
  return cp == U' ' || cp == 0x00A0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A);
}
constexpr bool is_control(char32_t cp) noexcept {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}
// Embeddings, overrides and isolates let a piece of text reorder what is shown around it ("evE" posing as
// "Eve", or one card rearranging its neighbours).
constexpr bool is_direction_override(char32_t cp) noexcept {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace huddle::core
