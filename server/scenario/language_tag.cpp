#include "scenario/language_tag.hpp"

#include <vector>

namespace huddle::scenario {
namespace {

bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return alpha(c) || digit(c); }

bool all(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool alphas(std::string_view s, std::size_t min, std::size_t max) { return s.size() >= min && s.size() <= max && all(s, alpha); }
bool alnums(std::string_view s, std::size_t min, std::size_t max) { return s.size() >= min && s.size() <= max && all(s, alnum); }

std::vector<std::string_view> subtags(std::string_view tag) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto dash = tag.find('-', start);
    parts.push_back(tag.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
    if (dash == std::string_view::npos) return parts;
    start = dash + 1;
  }
}

// "x-" followed by subtags of 1 to 8 letters or digits.
bool private_use(const std::vector<std::string_view>& parts, std::size_t from) {
  if (from + 1 >= parts.size()) return false;
  for (std::size_t i = from + 1; i < parts.size(); ++i) {
    if (!alnums(parts[i], 1, 8)) return false;
  }
  return true;
}

}  // namespace

bool is_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > max_language_tag_chars) return false;
  const auto parts = subtags(tag);
  std::size_t i = 0;
  auto is_x = [&](std::size_t at) { return parts[at] == "x" || parts[at] == "X"; };
  if (is_x(0)) return private_use(parts, 0);
  // language: 2-3 letters (ISO 639) with up to three extlang subtags of 3 letters. RFC 5646 also leaves room for
  // 4-8 letters, but no such subtag is registered, and refusing them catches "English" or "German" for "en", "de".
  if (!alphas(parts[0], 2, 3)) return false;
  ++i;
  for (int ext = 0; ext < 3 && i < parts.size() && alphas(parts[i], 3, 3); ++ext) ++i;
  if (i < parts.size() && alphas(parts[i], 4, 4)) ++i;  // script
  if (i < parts.size() && (alphas(parts[i], 2, 2) || (parts[i].size() == 3 && all(parts[i], digit)))) ++i;  // region
  // variants: 5-8 letters or digits, or a digit and 3 letters or digits
  while (i < parts.size() && (alnums(parts[i], 5, 8) || (parts[i].size() == 4 && digit(parts[i][0]) && alnums(parts[i], 4, 4)))) ++i;
  // extensions: a singleton (not x) and one or more subtags of 2-8 letters or digits
  while (i < parts.size() && parts[i].size() == 1 && alnum(parts[i][0]) && !is_x(i)) {
    ++i;
    std::size_t count = 0;
    while (i < parts.size() && alnums(parts[i], 2, 8)) {
      ++i;
      ++count;
    }
    if (count == 0) return false;
  }
  if (i < parts.size() && is_x(i)) return private_use(parts, i);
  return i == parts.size();
}

}  // namespace huddle::scenario
