#pragma once
// One seat of a fishbowl's inner circle (or its empty chair).
#include <string>

#include "core/millis.hpp"

namespace huddle::core {

struct FishbowlSeat {
  std::string participant_id;  // empty: the seat is free
  Millis since = 0;            // when its occupant sat down

  bool free() const { return participant_id.empty(); }
};

}  // namespace huddle::core
