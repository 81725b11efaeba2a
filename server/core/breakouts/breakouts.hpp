#pragma once
// The breakout rooms of one roleplay phase.
#include <optional>
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

  // Participants pick their own room (forming "choose") until the rounds start.
  bool choosing() const { return forming == "choose" && status == BreakoutStatus::forming; }

  // The room holding this participant, if any.
  std::optional<std::size_t> room_of(const std::string& participant_id) const;
  RoomLists lists() const;
};

}  // namespace huddle::core
