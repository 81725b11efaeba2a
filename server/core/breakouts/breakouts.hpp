#pragma once
// The breakout rooms of one roleplay phase.
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
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

  // The room holding this participant, if any: a lookup in an index that seat() and move() keep, not a scan
  // of every room (issue 19: views and rules ask it for every participant, which made a scan N^2/4 string
  // compares in a role-play of N people in rooms of four).
  std::optional<std::size_t> room_of(const std::string& participant_id) const;
  RoomLists lists() const;

  // Membership changes only through these two, so the index stays true.
  void seat(const RoomLists& members);                      // the rooms as formed, in order
  void move(const std::string& participant_id, int room);  // to another room, or to none (-1)

 private:
  std::unordered_map<std::string, std::size_t> room_by_member_;
};

}  // namespace huddle::core
