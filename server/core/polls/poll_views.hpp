#pragma once
// What each audience sees of a poll (the `data` of its topic). Pure JSON builders; the hub serializes each once
// per audience. No view ever carries a voter key, and only the facilitator's view of a named poll carries names.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "core/polls/poll.hpp"

namespace huddle::core {

// For everyone in the session: the question, kind, options or scale, whether it is open, how many have voted,
// and the results only when they are live or revealed (open answers: open_answers_shown of them, with the
// total in results.textCount; a word cloud's wordcloud_top_words most frequent words, the rest counted in
// otherWords and otherMentions). Never names, never keys.
nlohmann::json poll_public_view(const Poll& poll);

// For the facilitator: the public view plus the results at all times and, for a named poll only, each voter's
// name with their ballot ("answers", sorted by name). An anonymous poll's view has no names and no keys.
// Everything, for the report: every word of a word cloud and every open answer, however many; the console
// gets poll_console_view.
nlohmann::json poll_facilitator_view(const Poll& poll);

// poll_facilitator_view, bounded for the console's push: the first console_answers_page open answers (A to
// Z) and named answers, with their totals in results.textCount and answerCount, and a word cloud's
// wordcloud_top_words words as everyone sees them.
nlohmann::json poll_console_view(const Poll& poll);

// One page of everything the console may page through (`poll.results`): open answers A to Z ("texts") and,
// in a named poll, the named answers ("answers"), each from `offset`, at most `limit` (capped at
// console_answers_page), with their totals.
nlohmann::json poll_results_page(const Poll& poll, std::size_t offset, std::size_t limit);

// For one voter: their own current ballot (null if none), to refill their form after a reconnect.
nlohmann::json poll_own_ballot_view(const Poll& poll, const std::string& voter_key);

}  // namespace huddle::core
