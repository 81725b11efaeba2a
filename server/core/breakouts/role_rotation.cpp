#include "core/breakouts/role_rotation.hpp"

#include <algorithm>

namespace huddle::core {

std::size_t seat_for(std::size_t position, std::size_t room_size, int round, bool rotation) {
  if (room_size == 0) return 0;
  const std::size_t shift = rotation && round > 0 ? static_cast<std::size_t>(round) % room_size : 0;
  return (position + shift) % room_size;
}

std::size_t role_for(std::size_t position, std::size_t room_size, std::size_t role_count, int round, bool rotation) {
  if (room_size == 0 || role_count == 0) return 0;
  return std::min(seat_for(position, room_size, round, rotation), role_count - 1);
}

std::vector<std::string> seated_order(const std::vector<std::string>& members, int round, bool rotation) {
  std::vector<std::string> seated(members.size());
  for (std::size_t p = 0; p < members.size(); ++p) seated[seat_for(p, members.size(), round, rotation)] = members[p];
  return seated;
}

}  // namespace huddle::core
