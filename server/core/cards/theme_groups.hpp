#pragma once
// Grouping cards by theme with a deliberately simple, explainable text method (no model, no randomness):
//
// 1. Keywords of a text: split into words on anything that is not a letter or digit (ASCII letters are
//    lower-cased; other letters are kept as written); drop words of one character, a small built-in list of
//    English stop words (plus words every confusion card tends to use: "understand", "unclear"…), and the
//    words of the board's prompt, which every card is about anyway; strip a plural "s" ("budgets" ->
//    "budget"), except after "s", "u" or "i" ("process", "status", "analysis").
// 2. Cards that share a keyword are joined (union-find over keyword -> cards), so a group is every card
//    reachable through shared keywords. A card that shares nothing stays ungrouped.
// 3. A group is named after the keyword the most of its cards contain (ties: alphabetical first), and its
//    id is "g-" + that keyword. No keyword can lead two groups (it would have joined them), so ids are unique.
//
// It is built for English and is crude on purpose: the facilitator can rename any group.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cards/card_group.hpp"

namespace huddle::core {

// The distinct keywords of one text, sorted.
std::vector<std::string> theme_keywords(std::string_view text);

// Groups cards given as (id, text) in board order; the prompt's own keywords are ignored. Groups come largest
// first, then by id; each lists its card ids in the order given. Names are the keywords (renamed = false).
std::vector<CardGroup> group_by_theme(const std::vector<std::pair<std::string, std::string>>& cards,
                                      std::string_view prompt = {});

}  // namespace huddle::core
