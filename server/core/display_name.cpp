#include "core/display_name.hpp"

#include <cstdint>
#include <vector>

#include "core/limits.hpp"
#include "core/text/unicode_text.hpp"
#include "core/utf8.hpp"

namespace huddle::core {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Words that name the people running a session. A participant called "Facilitator" or "Host" could post
// instructions others would follow; compared as they look (lookalike_letters), so spacing, case, digits,
// punctuation and lookalike letters do not get around it.
constexpr const char* reserved_words[] = {"facilitator", "host", "cohost", "huddle", "moderator", "admin",
                                          "administrator", "organizer", "organiser", "system"};

bool reserved_for_staff(std::string_view name) {
  const std::string looks = text::lookalike_letters(name);
  for (const char* word : reserved_words) {
    if (looks == text::lookalike_letters(word)) return true;
  }
  return false;
}

}  // namespace

std::variant<std::string, Rejection> clean_display_name(std::string_view raw) {
  using protocol::ErrorCode;
  std::vector<char32_t> cps;
  if (!decode_utf8(raw, cps)) return Rejection{ErrorCode::name_invalid, "The name is not valid text (UTF-8)."};
  std::string cleaned;
  std::size_t count = 0;
  bool pending_space = false;
  for (char32_t cp : cps) {
    if (is_control(cp)) return Rejection{ErrorCode::name_invalid, "A name cannot contain control characters or line breaks."};
    if (is_direction_override(cp)) {
      return Rejection{ErrorCode::name_invalid, "A name cannot contain text-direction control characters."};
    }
    if (is_space(cp) || text::is_space_separator(cp)) {
      pending_space = count > 0;
      continue;
    }
    if (pending_space) {
      cleaned += ' ';
      ++count;
      pending_space = false;
    }
    append_utf8(cleaned, cp);
    ++count;
  }
  if (auto at = text::find_invisible(cps)) {
    return Rejection{ErrorCode::name_invalid, "A name cannot contain invisible or formatting characters (" +
                                                  text::code_point_label(cps[*at]) + " here); please type it again."};
  }
  // Marks with nothing to sit on (or only spaces under them) display as a blank.
  bool visible = false;
  for (char32_t cp : cps) visible = visible || !(is_space(cp) || text::is_space_separator(cp) || text::is_combining_mark(cp));
  if (count == 0 || !visible) return Rejection{ErrorCode::name_invalid, "Please enter a display name."};
  if (count > max_name_code_points) {
    return Rejection{ErrorCode::name_invalid,
                     "A display name can have at most " + std::to_string(max_name_code_points) + " characters."};
  }
  return cleaned;
}

std::variant<std::string, Rejection> clean_participant_name(std::string_view raw) {
  auto cleaned = clean_display_name(raw);
  if (const auto* name = std::get_if<std::string>(&cleaned); name && reserved_for_staff(*name)) {
    return Rejection{protocol::ErrorCode::name_invalid,
                     "'" + *name + "' is reserved for the people running the session. Please use your own name."};
  }
  return cleaned;
}

std::string fold_display_name(std::string_view name) { return text::fold_for_matching(name); }

std::string numbered_display_name(std::string_view name, int n) {
  std::string suffix = " (" + std::to_string(n) + ")";
  std::string base(name);
  // Drop whole code points from the end until the numbered name fits the limit.
  while (!base.empty() && code_points(base) + suffix.size() > max_name_code_points) {
    base.pop_back();
    while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80) base.pop_back();
    if (!base.empty() && static_cast<unsigned char>(base.back()) >= 0xC0) base.pop_back();
  }
  while (!base.empty() && base.back() == ' ') base.pop_back();
  return base + suffix;
}

}  // namespace huddle::core
