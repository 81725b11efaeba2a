#pragma once
// Display names: what people may call themselves, and when two names count as the same.
#include <string>
#include <string_view>
#include <variant>

#include "core/rejection.hpp"

namespace huddle::core {

// Trims and collapses spaces, then checks UTF-8, control characters, text-direction overrides, invisible
// characters (text::find_invisible), a name that displays as blank, and length. Returns the cleaned name or
// a name_invalid Rejection with a message a participant can act on.
std::variant<std::string, Rejection> clean_display_name(std::string_view raw);

// A participant's name: clean_display_name, and not a word that names the people running the session
// ("Facilitator", "Host", "Huddle", "Moderator", "Admin", "Organizer", "Co-host", "System"), however spelt.
std::variant<std::string, Rejection> clean_participant_name(std::string_view raw);

// The key under which two names collide: NFKC with case folding, so "Dana", "DANA" and fullwidth "Ｄａｎａ"
// are one name.
std::string fold_display_name(std::string_view name);

// "Dana" -> "Dana (2)": the n-th holder of a taken name, kept within the length limit.
std::string numbered_display_name(std::string_view name, int n);

}  // namespace huddle::core
