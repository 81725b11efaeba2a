#include "core/utf8.hpp"

namespace huddle::core {
namespace {

// Decodes the sequence starting at s[i] into cp; its length, or 0 when it is malformed, truncated,
// overlong, a surrogate or beyond U+10FFFF.
std::size_t decode_one(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len;
  if (b < 0x80) { cp = b; len = 1; }
  else if ((b & 0xE0) == 0xC0) { cp = b & 0x1F; len = 2; }
  else if ((b & 0xF0) == 0xE0) { cp = b & 0x0F; len = 3; }
  else if ((b & 0xF8) == 0xF0) { cp = b & 0x07; len = 4; }
  else return 0;
  if (len > s.size() - i) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

bool decode_utf8(std::string_view s, std::vector<char32_t>& out) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = decode_one(s, i, cp);
    if (len == 0) return false;
    out.push_back(cp);
    i += len;
  }
  return true;
}

bool is_valid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII runs are the common case (JSON); skip them without decoding.
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    char32_t cp = 0;
    std::size_t len = decode_one(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace huddle::core
