#pragma once
// One voter's current ballot as a poll keeps it.
#include <optional>
#include <string>

#include "core/polls/ballot.hpp"

namespace huddle::core {

struct RecordedBallot {
  Ballot ballot;
  // The voter's display name, kept for named polls only so the facilitator can see who answered what.
  // Always empty in an anonymous poll: the poll never holds a name it must not show.
  std::optional<std::string> voter_name;
};

}  // namespace huddle::core
