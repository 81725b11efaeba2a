#pragma once
// A person in a session, as the session's state knows them.
#include <string>

#include "core/millis.hpp"

namespace huddle::core {

struct Participant {
  std::string id;
  std::string name;
  std::string token_hash;  // SHA-256 of the resume token; the token itself is never kept
  Millis joined_at = 0;
  bool active = true;  // false once they left or were removed; kept for attendance
  int connections = 0;  // open connections; presence is online while > 0 (not journaled)
  Millis left_at = 0;   // when they left or were removed (0 while active)
  bool removed = false;  // by the facilitator, rather than by choice
};

}  // namespace huddle::core
