#pragma once
// The few Unicode facts the rules need (which characters are invisible, how two names compare), answered by
// ICU so they follow the Unicode data Debian ships rather than tables of our own. The rest of core/ asks
// here and never includes an ICU header.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huddle::core::text {

// The index of the first character in `cps` that shows nothing but changes what a reader sees or what a
// comparison finds: default-ignorable code points (zero-width space, joiners, word joiner, soft hyphen,
// Hangul fillers, tag characters...), format characters (Cf: BOM, LRM/RLM and other bidi marks) and the
// braille blank. A few of them do visible work inside an emoji and are allowed there only: a zero-width
// joiner between two pictographs (👩‍💻), a variation selector right after a visible character (❤️) and
// the tag characters that spell a subdivision flag after U+1F3F4 (🏴󠁧󠁢󠁳󠁣󠁴󠁿). nullopt when there is none.
std::optional<std::size_t> find_invisible(const std::vector<char32_t>& cps);

// "U+200B": how a message names a character a writer cannot see.
std::string code_point_label(char32_t cp);

// A space separator by Unicode (Zs: U+1680, U+202F, U+205F as well as the usual ones).
bool is_space_separator(char32_t cp);
// A combining mark (Mn, Mc, Me): on its own it decorates nothing and a name of marks displays as blank.
bool is_combining_mark(char32_t cp);

// NFKC with case folding (NFKC_Casefold): "DANA", "Ｄａｎａ" (fullwidth) and "dana" give one string, and
// default-ignorable characters disappear. Input must be valid UTF-8.
std::string fold_for_matching(std::string_view utf8);

// What a name looks like, for catching impersonation: NFKC_Casefold, then the confusable skeleton of
// Unicode TR39 (Cyrillic "а" and Latin "a", "1" and "l" look alike), then only its letters, so
// "F a c i l i t a t o r", "HOST 2" and "Hоst" (Cyrillic o) all look like the plain word.
std::string lookalike_letters(std::string_view utf8);

}  // namespace huddle::core::text
