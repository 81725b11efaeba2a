#include "core/join_code.hpp"

namespace huddle::core {

std::string make_join_code(std::uint64_t random_bits) {
  std::string code;
  code.reserve(join_code_length);
  for (std::size_t i = 0; i < join_code_length; ++i) {
    code += join_code_alphabet[random_bits % join_code_alphabet.size()];
    random_bits /= join_code_alphabet.size();
  }
  return code;
}

std::optional<std::string> normalize_join_code(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (join_code_alphabet.find(c) == std::string_view::npos) return std::nullopt;
    code += c;
    if (code.size() > join_code_length) return std::nullopt;
  }
  if (code.size() != join_code_length) return std::nullopt;
  return code;
}

}  // namespace huddle::core
