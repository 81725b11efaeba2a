#pragma once
// Cleaning the free text that voters and facilitators type into polls: words for a cloud, open answers, and
// a quick poll's question and options. Each returns the cleaned text or a Rejection with a message for people.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "core/rejection.hpp"

namespace huddle::core {

// A word-cloud entry: trimmed, inner whitespace collapsed to one space, ASCII letters lower-cased (other
// scripts left as typed), 1..max_chars characters, no control or text-direction characters.
std::variant<std::string, Rejection> normalise_word(std::string_view raw, std::size_t max_chars);

// An open answer: trimmed, line breaks kept (CR LF and CR become LF), 1..max_chars characters, no other
// control characters and no text-direction overrides.
std::variant<std::string, Rejection> clean_open_text(std::string_view raw, std::size_t max_chars);

// A short setting text (question, option, scale label): trimmed, 1..max_chars characters, no control
// characters except line breaks when `allow_newlines`. `what` names the field in messages ("The question").
std::variant<std::string, Rejection> clean_setting_text(std::string_view raw, std::size_t max_chars,
                                                        bool allow_newlines, std::string_view what);

// Characters as people count them (code points) of valid UTF-8.
std::size_t count_code_points(std::string_view text) noexcept;

}  // namespace huddle::core
