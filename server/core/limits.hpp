#pragma once
// Named limits of the session rules. Transport limits live in net/server_options.hpp.
#include <cstddef>

namespace huddle::core {

// Longest display name, in Unicode code points after trimming (PROTOCOL.md, "Limits").
inline constexpr std::size_t max_name_code_points = 40;
// Default cap on participants in one session; the server flag --max-participants changes it. 10,000 is what
// one process was measured to serve in one session on 2 cores (tests/load/results, issue 19).
inline constexpr std::size_t default_max_participants = 10000;
// A peer pod practises in one room of 3 to 5; a sixth person gets session_full.
inline constexpr std::size_t max_pod_members = 5;

// "Time is almost up" comes at this share of a timed phase, but never earlier than `max` nor later than
// `min` before the end: a 2-minute phase warns 24 s ahead, a 10-minute one 60 s ahead.
inline constexpr double phase_warning_share = 0.2;
inline constexpr long long phase_warning_min_ms = 10'000;
inline constexpr long long phase_warning_max_ms = 60'000;
// Who is here, at scale. Participants' roster lists the first this many people in join order (the
// facilitator's lists everyone; both say how many are here and online).
inline constexpr std::size_t roster_preview_limit = 50;
// Joins, leaves and connections coming and going change the roster and the session's counts. In a session
// of n >= 100 people those pushes go out at most every n/10 ms, and at most a second apart: at 10,000
// people a join storm costs everyone one roster a second instead of one per join. Smaller sessions see
// every change at once.
inline constexpr std::size_t people_push_throttle_from = 100;
inline constexpr long long people_push_max_interval_ms = 1000;
constexpr long long people_push_interval_ms(std::size_t people) {
  if (people < people_push_throttle_from) return 0;
  const auto interval = static_cast<long long>(people / 10);
  return interval < people_push_max_interval_ms ? interval : people_push_max_interval_ms;
}

// Votes, cards and "me too"s change the activity everyone sees. A push of up to 4 KiB to n people costs the
// server about n x 11 us on loopback (tests/load/results), and a bigger one more with every KiB, so in a
// session of n >= 100 those pushes are paced (hub/push_pace.hpp): at most every n/55 ms for each 4 KiB the
// push takes (a poll: 182 ms at 10,000 people, 18 ms at 1,000; a 50 KB card board: 2 s at 10,000). While
// changes keep coming they go every three times that (the storm interval, at most 4 s: a poll at 10,000 every
// 546 ms); once nothing changed for 50 ms they go as soon as the first interval allows. A 10,000-person vote
// storm then stays below 90% of a core, and the final tally reaches everyone within 300 ms of the last vote
// (issue 19). The
// facilitator's own panel shows every change at once.
inline constexpr std::size_t counts_push_throttle_from = 100;
inline constexpr long long counts_push_max_interval_ms = 2000;
constexpr long long counts_push_interval_ms(std::size_t people, std::size_t push_bytes = 0) {
  if (people < counts_push_throttle_from) return 0;
  const auto blocks = push_bytes / 4096 + 1;
  const auto interval = static_cast<long long>(people * blocks / 55);
  return interval < counts_push_max_interval_ms ? interval : counts_push_max_interval_ms;
}
inline constexpr long long counts_push_quiet_ms = 50;
inline constexpr long long counts_push_max_storm_interval_ms = 4000;
constexpr long long counts_push_storm_interval_ms(std::size_t people, std::size_t push_bytes = 0) {
  const auto interval = 3 * counts_push_interval_ms(people, push_bytes);
  return interval < counts_push_max_storm_interval_ms ? interval : counts_push_max_storm_interval_ms;
}

// The facilitator's panel (topic `console`) lists every room, card or poll count, so in a role-play of 2,000 it
// is some 300 KB. What participants change on it (votes, cards, help requests, observers' notes, people coming
// and going) reaches it, in a session of n >= 100, at most every 4 ms for each 4 KiB it takes, and at most a
// second apart: a 4 KB poll panel every 4 ms, 500 rooms every ~0.3 s, instead of a render per change
// (issue 19). What the facilitator does shows at once. Smaller sessions see every change at once.
inline constexpr std::size_t console_push_throttle_from = 100;
inline constexpr long long console_push_ms_per_block = 4;
inline constexpr long long console_push_max_interval_ms = 1000;
constexpr long long console_push_interval_ms(std::size_t people, std::size_t push_bytes = 0) {
  if (people < console_push_throttle_from) return 0;
  const auto interval = static_cast<long long>(push_bytes / 4096 + 1) * console_push_ms_per_block;
  return interval < console_push_max_interval_ms ? interval : console_push_max_interval_ms;
}

// In a session of this many people or more, a change to the `activity` topic goes to each connection that holds
// the version before as a patch (PROTOCOL.md, "patch") when the patch is at most a quarter of the push: a
// "me too" storm on a 250-card board then sends each person a few KB of counts instead of the 50 KB board.
inline constexpr std::size_t patch_push_from = 100;
inline constexpr std::size_t patch_push_max_share_divisor = 4;

// The most time one `phase.extend` may add or remove.
inline constexpr long long max_phase_extension_seconds = 3600;

}  // namespace huddle::core
