#include "core/polls/ballot.hpp"

#include "core/overloaded.hpp"

namespace huddle::core {

nlohmann::json ballot_to_json(const Ballot& ballot) {
  using nlohmann::json;
  return std::visit(overloaded{
                        [](const SingleChoice& b) { return json{{"choice", b.index}}; },
                        [](const MultiChoice& b) { return json{{"choices", b.indices}}; },
                        [](const ScaleRating& b) { return json{{"value", b.value}}; },
                        [](const WordEntries& b) { return json{{"words", b.words}}; },
                        [](const OpenAnswer& b) { return json{{"texts", b.texts}}; },
                    },
                    ballot);
}

}  // namespace huddle::core
