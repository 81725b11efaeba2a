#pragma once
// The facilitator's console of a large role-play lists every breakout room (500 rooms at 2,000 people: some
// 450 KB of JSON). Building it whole for each change made it most of the server's work during a role-play
// (issue 19), though a change touches one room. This keeps each room's entry as JSON text and builds again
// only the entries of rooms marked changed; the console's text is the rest of the view with those entries
// spliced into its `breakouts.rooms`. What a room's entry shows changes only with that room's events, its
// members' presence, or events about every room: note() marks accordingly for each event applied, and an
// event it cannot place marks every room.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/session_state.hpp"
#include "core/topic_changes.hpp"

namespace huddle::hub {

class ConsoleRooms {
 public:
  // After `event` was applied to `after` (and changed `changes`): marks the entries it changed.
  void note(const core::Event& event, const core::TopicChanges& changes, const core::SessionState& after);

  // The console's data as JSON text: core::console_view(state) with the rooms' entries from the cache.
  std::string console_text(const core::SessionState& state);

 private:
  void mark(std::size_t room);

  std::optional<int> phase_;  // the role-play phase the entries belong to
  std::vector<std::string> entries_;
  std::vector<bool> changed_;
  bool all_ = true;
};

}  // namespace huddle::hub
