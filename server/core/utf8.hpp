#pragma once
// UTF-8 in and out, strictly: names and scenario texts must be valid text before anything else is checked.
#include <string>
#include <string_view>
#include <vector>

namespace huddle::core {

// Decodes into code points; false on any malformed, overlong, surrogate or out-of-range sequence.
bool decode_utf8(std::string_view text, std::vector<char32_t>& out);
// Appends one code point (assumed valid) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace huddle::core
