#include "core/text/unicode_text.hpp"

#include <cstdio>
#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

namespace huddle::core::text {
namespace {

constexpr char32_t zero_width_joiner = 0x200D;
constexpr char32_t braille_blank = 0x2800;
constexpr char32_t black_flag = 0x1F3F4;  // the base of a tag sequence (a subdivision flag)
constexpr char32_t cancel_tag = 0xE007F;

bool is_variation_selector(char32_t cp) { return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_VARIATION_SELECTOR); }
bool is_tag(char32_t cp) { return cp >= 0xE0020 && cp <= 0xE007E; }
bool is_pictograph(char32_t cp) { return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EXTENDED_PICTOGRAPHIC); }
bool is_emoji_modifier(char32_t cp) { return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EMOJI_MODIFIER); }

bool is_invisible(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || u_charType(c) == U_FORMAT_CHAR ||
         cp == braille_blank;
}

// A pictograph ends just before i, perhaps followed by its variation selector or skin tone.
bool pictograph_before(const std::vector<char32_t>& cps, std::size_t i) {
  while (i > 0 && (is_variation_selector(cps[i - 1]) || is_emoji_modifier(cps[i - 1]))) --i;
  return i > 0 && is_pictograph(cps[i - 1]);
}

// Builds the checker once; its skeleton call is const and safe from every strand at once.
const USpoofChecker* spoof_checker() {
  static const std::unique_ptr<USpoofChecker, void (*)(USpoofChecker*)> checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* sc = uspoof_open(&status);
    return std::unique_ptr<USpoofChecker, void (*)(USpoofChecker*)>(U_SUCCESS(status) ? sc : nullptr, &uspoof_close);
  }();
  return checker.get();
}

icu::UnicodeString casefolded(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_FAILURE(status)) return text;
  icu::UnicodeString folded = nfkc_cf->normalize(text, status);
  return U_SUCCESS(status) ? folded : text;
}

}  // namespace

std::optional<std::size_t> find_invisible(const std::vector<char32_t>& cps) {
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t cp = cps[i];
    if (cp == black_flag) {  // a subdivision flag: tags, then the cancel tag
      std::size_t end = i + 1;
      while (end < cps.size() && is_tag(cps[end])) ++end;
      if (end > i + 1 && end < cps.size() && cps[end] == cancel_tag) i = end;
      continue;
    }
    if (!is_invisible(cp) && cp != zero_width_joiner) continue;
    if (cp == zero_width_joiner && pictograph_before(cps, i) && i + 1 < cps.size() && is_pictograph(cps[i + 1])) continue;
    if (is_variation_selector(cp) && i > 0 && !is_invisible(cps[i - 1]) && !is_variation_selector(cps[i - 1]) &&
        !is_space_separator(cps[i - 1])) {
      continue;
    }
    return i;
  }
  return std::nullopt;
}

std::string code_point_label(char32_t cp) {
  char label[16];
  std::snprintf(label, sizeof label, "U+%04X", static_cast<unsigned>(cp));
  return label;
}

bool is_space_separator(char32_t cp) { return u_charType(static_cast<UChar32>(cp)) == U_SPACE_SEPARATOR; }

bool is_combining_mark(char32_t cp) {
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_M_MASK) != 0;
}

std::string fold_for_matching(std::string_view utf8) {
  std::string out;
  casefolded(utf8).toUTF8String(out);
  return out;
}

std::string lookalike_letters(std::string_view utf8) {
  const icu::UnicodeString folded = casefolded(utf8);
  icu::UnicodeString skeleton;
  if (const USpoofChecker* sc = spoof_checker()) {
    UErrorCode status = U_ZERO_ERROR;
    uspoof_getSkeletonUnicodeString(sc, 0, folded, skeleton, &status);
    if (U_FAILURE(status)) skeleton = folded;
  } else {
    skeleton = folded;
  }
  // The skeleton of a lowercase letter may be uppercase-looking ("l" for "I"): fold it once more.
  skeleton = casefolded([&] {
    std::string s;
    skeleton.toUTF8String(s);
    return s;
  }());
  icu::UnicodeString letters;
  for (int32_t i = 0; i < skeleton.length();) {
    const UChar32 c = skeleton.char32At(i);
    if (u_isalpha(c)) letters.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  letters.toUTF8String(out);
  return out;
}

}  // namespace huddle::core::text
