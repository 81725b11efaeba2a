#pragma once
// Who is asking: the role a command is authorised against.
#include <string>

namespace huddle::core {

struct Actor {
  enum class Kind {
    visitor,      // a connection that has not joined yet
    participant,  // a joined participant; participant_id says who
    facilitator,  // holds the facilitator key
    system,       // the server itself: connection tracking, timers
  };
  Kind kind = Kind::visitor;
  std::string participant_id;

  static Actor visitor() { return {Kind::visitor, {}}; }
  static Actor participant(std::string id) { return {Kind::participant, std::move(id)}; }
  static Actor facilitator() { return {Kind::facilitator, {}}; }
  static Actor system() { return {Kind::system, {}}; }
};

}  // namespace huddle::core
