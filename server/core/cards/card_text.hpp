#pragma once
// What may be written on a confusion card, a fishbowl observation or as a theme group's name: plain text,
// checked before it is kept.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "core/rejection.hpp"

namespace huddle::core {

// Strict UTF-8; "\r\n" becomes "\n"; any other control character (tabs included), a line or paragraph
// separator, or a text-direction override is refused; leading and trailing spaces and line breaks are
// trimmed; runs of line breaks are cut to max_consecutive_line_breaks; then 1..max_code_points code points
// must remain. Returns the cleaned text or an invalid_field Rejection a writer can act on.
std::variant<std::string, Rejection> clean_card_text(std::string_view raw, std::size_t max_code_points);

// A fishbowl observation: the same checks as a card, with messages that speak of a note.
std::variant<std::string, Rejection> clean_observation_text(std::string_view raw, std::size_t max_code_points);

// Any other piece of free text checked the same way as a card (a programme's reflection, refresher card or
// manager's note): `what` names it in messages ("reflection"), `empty_message` answers a blank one.
std::variant<std::string, Rejection> clean_written_text(std::string_view raw, std::size_t max_code_points,
                                                        const std::string& what, const char* empty_message);

// A facilitator's name for a theme group: the same checks on a single line, 1..max_group_name_code_points.
std::variant<std::string, Rejection> clean_group_name(std::string_view raw);

}  // namespace huddle::core
