#include "core/cards/card_text.hpp"

#include <vector>

#include "core/cards/card_limits.hpp"
#include "core/text/unicode_text.hpp"
#include "core/utf8.hpp"

namespace huddle::core {
namespace {

using protocol::ErrorCode;

std::variant<std::string, Rejection> clean(std::string_view raw, std::size_t max_code_points, bool line_breaks,
                                           const std::string& what, const char* empty_message) {
  std::vector<char32_t> decoded;
  if (!decode_utf8(raw, decoded)) return Rejection{ErrorCode::invalid_field, "The " + what + " is not valid text (UTF-8)."};

  std::vector<char32_t> cps;
  cps.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    char32_t cp = decoded[i];
    // Windows browsers and pasted text send "\r\n"; it is one line break.
    if (line_breaks && cp == U'\r' && i + 1 < decoded.size() && decoded[i + 1] == U'\n') continue;
    if (cp == U'\n' && line_breaks) {
      cps.push_back(cp);
      continue;
    }
    if (is_control(cp)) {
      return Rejection{ErrorCode::invalid_field,
                       line_breaks ? "A " + what + " cannot contain control characters such as tabs (line breaks are fine)."
                                   : "A " + what + " cannot contain control characters or line breaks."};
    }
    if (is_direction_override(cp)) {
      return Rejection{ErrorCode::invalid_field, "A " + what + " cannot contain text-direction control characters."};
    }
    cps.push_back(cp);
  }
  // Hidden characters let two cards that read the same count as different, or hide text from a moderator.
  if (auto at = text::find_invisible(cps)) {
    return Rejection{ErrorCode::invalid_field, "A " + what + " cannot contain invisible or formatting characters (" +
                                                   text::code_point_label(cps[*at]) + " here)."};
  }

  auto blank = [](char32_t cp) { return cp == U'\n' || is_space(cp); };
  std::size_t begin = 0;
  std::size_t end = cps.size();
  while (begin < end && blank(cps[begin])) ++begin;
  while (end > begin && blank(cps[end - 1])) --end;

  // Spaces at the end of a line are dropped, so a "blank" line of spaces is blank and joins the run it is in.
  std::vector<char32_t> kept;
  for (std::size_t i = begin; i < end; ++i) {
    if (cps[i] == U'\n') {
      while (!kept.empty() && is_space(kept.back())) kept.pop_back();
      std::size_t run = 0;
      while (run < kept.size() && kept[kept.size() - 1 - run] == U'\n') ++run;
      if (run >= max_consecutive_line_breaks) continue;
    }
    kept.push_back(cps[i]);
  }
  std::string cleaned;
  for (char32_t cp : kept) append_utf8(cleaned, cp);
  const std::size_t count = kept.size();
  if (count == 0) return Rejection{ErrorCode::invalid_field, empty_message};
  if (count > max_code_points) {
    return Rejection{ErrorCode::invalid_field,
                     "A " + what + " can have at most " + std::to_string(max_code_points) + " characters."};
  }
  return cleaned;
}

}  // namespace

std::variant<std::string, Rejection> clean_card_text(std::string_view raw, std::size_t max_code_points) {
  return clean(raw, max_code_points, true, "card", "Please write something on the card.");
}

std::variant<std::string, Rejection> clean_observation_text(std::string_view raw, std::size_t max_code_points) {
  return clean(raw, max_code_points, true, "note", "Please write what you noticed.");
}

std::variant<std::string, Rejection> clean_written_text(std::string_view raw, std::size_t max_code_points,
                                                        const std::string& what, const char* empty_message) {
  return clean(raw, max_code_points, true, what, empty_message);
}

std::variant<std::string, Rejection> clean_group_name(std::string_view raw) {
  return clean(raw, max_group_name_code_points, false, "group name", "Please enter a name for the group.");
}

}  // namespace huddle::core
