#pragma once
// What someone in a fishbowl's outer circle noticed. An anonymous observation has no author anywhere: not
// here, not in its event, not in the journal.
#include <string>

namespace huddle::core {

struct Observation {
  std::string id;
  std::string text;
  std::string author_id;  // named observations only; empty when anonymous
  bool surfaced = false;  // the facilitator put it on everyone's screen
  // Anonymous only: it went out while fewer than K people were in the outer circle, so its writer may be
  // guessable (the facilitator's console warns).
  bool guessable = false;
};

}  // namespace huddle::core
