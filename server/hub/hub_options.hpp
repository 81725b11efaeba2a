#pragma once
// Limits and identity the hub enforces and announces in `hello`.
#include <cstddef>
#include <string>

#include "core/limits.hpp"

namespace huddle::hub {

struct HubOptions {
  std::size_t max_participants = core::default_max_participants;  // per session (--max-participants)
  std::size_t max_sessions = 1000;        // live sessions on this server; creating more fails with unavailable
  std::size_t max_message_bytes = 65536;  // announced to clients; enforced by net/
  std::string server_name = "huddle/0.1.0";
  // Wrong join codes one address may try: a burst, then this many a minute. A code has 29^6 (about 600
  // million) values, so guessing one at this pace is hopeless, while a whole office mistyping still gets in.
  double wrong_codes_burst = 20;
  double wrong_codes_per_minute = 10;
  // Joins that add a new participant (resumes are free), per address across all sessions: a burst, then
  // this many a minute (0: no limit). Keyed by address alone, not per session, so one machine cannot
  // multiply its allowance by the sessions it knows. The burst is generous on purpose: 200 people in one
  // office behind one NAT all join within the first minute of a workshop, while a script that joins over
  // and over is held to one a second, slow enough for a facilitator to lock the door.
  double join_burst = 200;
  double joins_per_minute = 60;
};

}  // namespace huddle::hub
