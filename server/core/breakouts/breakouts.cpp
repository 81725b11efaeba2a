#include "core/breakouts/breakouts.hpp"

#include <algorithm>

namespace huddle::core {

const char* to_string(BreakoutStatus status) noexcept {
  switch (status) {
    case BreakoutStatus::forming: return "forming";
    case BreakoutStatus::running: return "running";
    case BreakoutStatus::finished: return "finished";
  }
  return "forming";
}

std::optional<std::size_t> BreakoutRoom::place_of(const std::string& participant_id) const {
  auto it = std::find(members.begin(), members.end(), participant_id);
  if (it == members.end()) return std::nullopt;
  return static_cast<std::size_t>(it - members.begin());
}

std::optional<std::size_t> Breakouts::room_of(const std::string& participant_id) const {
  auto it = room_by_member_.find(participant_id);
  if (it == room_by_member_.end()) return std::nullopt;
  return it->second;
}

void Breakouts::seat(const RoomLists& members) {
  rooms.clear();
  room_by_member_.clear();
  for (const auto& list : members) {
    BreakoutRoom room;
    room.members = list;
    for (const auto& id : list) room_by_member_[id] = rooms.size();
    rooms.push_back(std::move(room));
  }
}

void Breakouts::move(const std::string& participant_id, int room) {
  if (auto from = room_of(participant_id)) {
    std::erase(rooms[*from].members, participant_id);
    room_by_member_.erase(participant_id);
  }
  if (room < 0 || static_cast<std::size_t>(room) >= rooms.size()) return;
  rooms[static_cast<std::size_t>(room)].members.push_back(participant_id);
  room_by_member_[participant_id] = static_cast<std::size_t>(room);
}

RoomLists Breakouts::lists() const {
  RoomLists out;
  for (const auto& room : rooms) out.push_back(room.members);
  return out;
}

}  // namespace huddle::core
