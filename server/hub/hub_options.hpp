#pragma once
// Limits and identity the hub enforces and announces in `hello`. Each has a server flag (README, "Server
// flags"); the numbers here are the defaults.
#include <cstddef>
#include <string>

#include "core/limits.hpp"
#include "core/millis.hpp"
#include "hub/address_grouping.hpp"
#include "hub/storage_limits.hpp"

namespace huddle::hub {

struct HubOptions {
  std::size_t max_participants = core::default_max_participants;  // per session (--max-participants)
  std::size_t max_sessions = 1000;        // live sessions on this server; creating more fails with unavailable
  std::size_t max_message_bytes = 65536;  // announced to clients; enforced by net/
  std::string server_name = "huddle/0.1.0";
  // Per-address limits also hold for the address's network (--address-group-v4/-v6).
  AddressGrouping grouping;
  // Misses: a join code that opens no session, or a facilitator key, resume token or report key that does
  // not open the session, from any endpoint. A burst, then this many a minute, per address; twice that per
  // network. A code has 29^6 (about 600 million) values, so guessing one at this pace is hopeless, while a
  // whole office mistyping still gets in.
  double wrong_codes_burst = 20;
  double wrong_codes_per_minute = 10;
  // New sessions and pods per address (--creations-per-minute; a burst of as many), twice that per network:
  // a facilitator creates a few a day, a script that creates as fast as it can is stopped within seconds.
  double creations_per_minute = 10;
  // Live sessions and pods one address may have created and not yet seen end (--max-sessions-per-address;
  // twice that per network), so that no single network can take the server's whole `max_sessions`.
  std::size_t max_sessions_per_address = 50;
  // Sessions end by themselves. With nobody connected: a session nobody ever joined, and a pod, are deleted
  // after `abandoned_after_ms` (--abandoned-minutes); any other session ends after `idle_after_ms`
  // (--idle-hours) and stays for its report. The sweep looks every `sweep_interval_ms`.
  core::Millis abandoned_after_ms = 30 * 60'000;
  core::Millis idle_after_ms = 12 * 3'600'000;
  core::Millis sweep_interval_ms = 60'000;
  // After a restart nobody is connected: a console gets this long to come back before the sweep may count
  // a recovered, never-joined session as abandoned.
  core::Millis reconnect_grace_ms = 2 * 60'000;
  // What one session may store and how fast one participant may change things (storage_limits.hpp).
  StorageLimits storage{};
  // Joins that add a new participant (resumes are free), per address across all sessions: a burst, then
  // this many a minute (0: no limit). Keyed by address (and network, at twice the allowance), not per session, so one machine cannot
  // multiply its allowance by the sessions it knows. The burst is generous on purpose: 200 people in one
  // office behind one NAT all join within the first minute of a workshop, while a script that joins over
  // and over is held to one a second, slow enough for a facilitator to lock the door.
  double join_burst = 200;
  double joins_per_minute = 60;
};

}  // namespace huddle::hub
