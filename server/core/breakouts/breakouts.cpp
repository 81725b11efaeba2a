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
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    if (rooms[i].place_of(participant_id)) return i;
  }
  return std::nullopt;
}

RoomLists Breakouts::lists() const {
  RoomLists out;
  for (const auto& room : rooms) out.push_back(room.members);
  return out;
}

}  // namespace huddle::core
