#pragma once
// How much one session may store and how fast one person may change things (README, "Limits"; flags
// --session-max-events, --session-max-mb, --changes-per-minute, --changes-burst).
#include <cstdint>

namespace huddle::hub {

// A full day of 10,000 people (the most one session holds by default) is about 200 stored changes each (some
// 40 polls with a changed mind or two, cards, card votes, observations): 2,000,000 events of about 250 bytes,
// 500 MB. The defaults leave twice that, and stay far below a disk (and below the journal's own cap,
// --journal-max-mb, 4 GiB).
inline constexpr std::uint64_t default_session_max_events = 4'000'000;
inline constexpr std::uint64_t default_session_max_mb = 1024;
// An honest participant changes a rating, drags a slider, writes a few answers, clicks "me too": rarely more
// than one change a second for long, and a handful at once. A script flipping a ballot in a loop is not.
inline constexpr double default_changes_per_minute = 60;
inline constexpr double default_changes_burst = 30;

struct StorageLimits {
  std::uint64_t max_events = default_session_max_events;  // per session (0: no limit)
  std::uint64_t max_bytes = default_session_max_mb * 1024 * 1024;  // per session (0: no limit)
  double changes_per_minute = default_changes_per_minute;  // per participant (0: no limit)
  double changes_burst = default_changes_burst;
};

}  // namespace huddle::hub
