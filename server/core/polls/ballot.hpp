#pragma once
// What one voter submitted to one poll. The structs are the alternatives of Ballot and live together, in the
// order of PollKind; parse_ballot() is the only way a user's input becomes one.
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace huddle::core {

struct SingleChoice {
  int index = 0;  // into PollSettings::options
  bool operator==(const SingleChoice&) const = default;
};
struct MultiChoice {
  std::vector<int> indices;  // ascending, no duplicates
  bool operator==(const MultiChoice&) const = default;
};
struct ScaleRating {
  int value = 0;  // within scale.min..scale.max
  bool operator==(const ScaleRating&) const = default;
};
struct WordEntries {
  std::vector<std::string> words;  // normalised (see parse_ballot), no duplicates, in the order given
  bool operator==(const WordEntries&) const = default;
};
struct OpenAnswer {
  std::vector<std::string> texts;  // trimmed, 1..maxEntries of them, no duplicates
  bool operator==(const OpenAnswer&) const = default;
};

using Ballot = std::variant<SingleChoice, MultiChoice, ScaleRating, WordEntries, OpenAnswer>;

// The ballot in the shape a client sends it, so a reconnecting voter's form can be refilled from it:
// {"choice": 2}, {"choices": [0, 3]}, {"value": 4}, {"words": [...]}, {"texts": [...]}.
nlohmann::json ballot_to_json(const Ballot& ballot);

}  // namespace huddle::core
