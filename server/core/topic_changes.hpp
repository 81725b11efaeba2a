#pragma once
// Which pushed topics an event changes, so the hub re-serializes only those (PROTOCOL.md, "Pushes").
#include <string>

#include "core/event.hpp"

namespace huddle::core {

struct TopicChanges {
  bool session = false;      // everyone in the session
  bool roster = false;       // everyone in the session
  bool facilitator = false;  // the facilitator console
  std::string me;            // the one participant whose private view changed, if any
  bool activity = false;     // the poll and board on screen (everyone)
  bool console = false;      // the facilitator's activity panel
  bool every_me = false;     // every participant's private view (a new poll or board came on screen)

  static TopicChanges of(const Event& event);
};

}  // namespace huddle::core
