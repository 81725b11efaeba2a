#pragma once
// Turning what a voter sent into a Ballot: the shape must fit the poll's kind and every limit of its settings.
#include <optional>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/polls/ballot.hpp"
#include "core/polls/poll_settings.hpp"
#include "core/rejection.hpp"

namespace huddle::core {

// `vote` holds exactly the field of the poll's kind:
//   single {"choice": 2}        multi {"choices": [0, 3]}       scale {"value": 4}
//   wordcloud {"words": ["trust", "time"]}                      open {"text": "..."} or {"texts": ["...", ...]}
// Words are trimmed, inner whitespace collapsed to one space and ASCII lower-cased; repeats within one ballot
// are dropped. Open texts are trimmed and keep their line breaks. Lengths count characters (code points).
// A refusal is invalid_field with a message for the voter.
std::variant<Ballot, Rejection> parse_ballot(const PollSettings& settings, const nlohmann::json& vote);

// Whether an already-built ballot fits the settings (kind, ranges, counts); parse_ballot's output always does.
// Poll::cast() checks it so a ballot from elsewhere (a test, a future import) cannot break a tally.
std::optional<Rejection> check_ballot(const PollSettings& settings, const Ballot& ballot);

}  // namespace huddle::core
