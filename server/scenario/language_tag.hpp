#pragma once
// Whether a scenario's `language` is a well-formed BCP 47 language tag (RFC 5646, section 2.1): "en", "de",
// "pt-BR", "zh-Hant-TW", "sr-Latn", "es-419". Well-formed, not registered: the subtag registry changes, and a
// browser treats a tag it does not know as the language it starts with. One stricter rule than the RFC: the
// language subtag has 2 or 3 letters (no 4-8 letter one is registered), so "English" is refused.
#include <cstddef>
#include <string_view>

namespace huddle::scenario {

// RFC 5646 section 4.4.1: tags of up to 35 characters are what every implementation must keep whole.
inline constexpr std::size_t max_language_tag_chars = 35;

bool is_language_tag(std::string_view tag);

}  // namespace huddle::scenario
