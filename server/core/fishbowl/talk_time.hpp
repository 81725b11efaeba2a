#pragma once
// How long one person has sat in a fishbowl's inner circle. Time in a seat stands in for talk-time: Huddle
// hears no audio, and in a fishbowl the inner circle is who talks.
#include <cstddef>
#include <string>

#include "core/millis.hpp"

namespace huddle::core {

struct TalkTime {
  std::string participant_id;
  Millis ms = 0;           // completed turns only; a turn in progress counts from its seat's `since`
  std::size_t turns = 0;   // times they sat down
};

}  // namespace huddle::core
