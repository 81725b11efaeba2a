#include "core/polls/answer_text.hpp"

#include <vector>

#include "core/text/unicode_text.hpp"
#include "core/utf8.hpp"

namespace huddle::core {
namespace {

using protocol::ErrorCode;

Rejection invalid(std::string message) { return Rejection{ErrorCode::invalid_field, std::move(message)}; }

std::string too_long(std::string_view what, std::size_t max_chars, std::size_t got) {
  return std::string(what) + " can have at most " + std::to_string(max_chars) + " characters; this one has " +
         std::to_string(got) + ".";
}

// Decodes, turns CR LF and lone CR into LF, and refuses invalid text, direction overrides and control
// characters (line breaks too unless `allow_newlines`).
std::variant<std::vector<char32_t>, Rejection> decode_checked(std::string_view raw, bool allow_newlines,
                                                             std::string_view what) {
  std::vector<char32_t> decoded;
  if (!decode_utf8(raw, decoded)) return invalid(std::string(what) + " is not valid text (UTF-8).");
  std::vector<char32_t> cps;
  cps.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    char32_t cp = decoded[i];
    if (cp == U'\r') {
      if (i + 1 < decoded.size() && decoded[i + 1] == U'\n') continue;
      cp = U'\n';
    }
    if (cp == U'\n' && allow_newlines) {
      cps.push_back(cp);
      continue;
    }
    if (is_control(cp)) {
      return invalid(std::string(what) + (allow_newlines ? " cannot contain control characters such as tabs."
                                                         : " cannot contain line breaks or control characters."));
    }
    if (is_direction_override(cp)) return invalid(std::string(what) + " cannot contain text-direction control characters.");
    cps.push_back(cp);
  }
  if (auto at = text::find_invisible(cps)) {
    return invalid(std::string(what) + " cannot contain invisible or formatting characters (" +
                   text::code_point_label(cps[*at]) + " here).");
  }
  return cps;
}

bool is_blank(char32_t cp) { return is_space(cp) || cp == U'\n'; }

std::string encode(const std::vector<char32_t>& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) append_utf8(out, cps[i]);
  return out;
}

// Trims blanks at both ends and checks the length of what is left.
std::variant<std::string, Rejection> trimmed_within(const std::vector<char32_t>& cps, std::size_t max_chars,
                                                    std::string_view what, std::string empty_message) {
  std::size_t from = 0;
  std::size_t to = cps.size();
  while (from < to && is_blank(cps[from])) ++from;
  while (to > from && is_blank(cps[to - 1])) --to;
  if (from == to) return invalid(std::move(empty_message));
  if (to - from > max_chars) return invalid(too_long(what, max_chars, to - from));
  return encode(cps, from, to);
}

}  // namespace

std::variant<std::string, Rejection> normalise_word(std::string_view raw, std::size_t max_chars) {
  auto decoded = decode_checked(raw, false, "A word");
  if (auto* rejection = std::get_if<Rejection>(&decoded)) return *rejection;
  std::string word;
  std::size_t count = 0;
  bool pending_space = false;
  for (char32_t cp : std::get<std::vector<char32_t>>(decoded)) {
    if (is_space(cp)) {
      pending_space = count > 0;
      continue;
    }
    if (pending_space) {
      word += ' ';
      ++count;
      pending_space = false;
    }
    // Only ASCII is folded: Unicode case folding needs tables core does not carry, and a wrong fold is worse
    // than two entries for one word.
    if (cp >= U'A' && cp <= U'Z') cp = cp - U'A' + U'a';
    append_utf8(word, cp);
    ++count;
  }
  if (count == 0) return invalid("Each word needs at least one letter; leave out empty ones.");
  if (count > max_chars) return invalid(too_long("A word", max_chars, count));
  return word;
}

std::variant<std::string, Rejection> clean_open_text(std::string_view raw, std::size_t max_chars) {
  auto decoded = decode_checked(raw, true, "An answer");
  if (auto* rejection = std::get_if<Rejection>(&decoded)) return *rejection;
  return trimmed_within(std::get<std::vector<char32_t>>(decoded), max_chars, "An answer",
                        "Write something before sending your answer.");
}

std::variant<std::string, Rejection> clean_setting_text(std::string_view raw, std::size_t max_chars,
                                                        bool allow_newlines, std::string_view what) {
  auto decoded = decode_checked(raw, allow_newlines, what);
  if (auto* rejection = std::get_if<Rejection>(&decoded)) return *rejection;
  return trimmed_within(std::get<std::vector<char32_t>>(decoded), max_chars, what,
                        std::string(what) + " must not be empty.");
}

std::size_t count_code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace huddle::core
