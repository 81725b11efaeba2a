#pragma once
// The breakout rooms of one roleplay phase.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/breakouts/breakout_room.hpp"
#include "core/breakouts/room_forming.hpp"
#include "core/millis.hpp"

namespace huddle::core {

enum class BreakoutStatus { forming, running, finished };
const char* to_string(BreakoutStatus status) noexcept;

struct Breakouts {
  BreakoutStatus status = BreakoutStatus::forming;
  std::vector<BreakoutRoom> rooms;
  Millis call_back_at = 0;  // rooms close then (0: no call-back given)
  std::string forming;      // how the rooms were formed (RoomsFormed)
  // The rounds were running when the session left the phase: each room keeps its round, step and the time its
  // step had left, and breakout.start carries on from there rather than from round 1.
  bool interrupted = false;
  // Away at forming and not placed since: each is placed as a late joiner when they come back.
  std::set<std::string> away;

  // Participants pick their own room (forming "choose") until the rounds start.
  bool choosing() const { return forming == "choose" && status == BreakoutStatus::forming; }

  // The room holding this participant, if any.
  std::optional<std::size_t> room_of(const std::string& participant_id) const;
  RoomLists lists() const;
};

}  // namespace huddle::core
