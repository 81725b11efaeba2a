#include "core/breakouts/role_rotation.hpp"

#include <algorithm>

namespace huddle::core {

std::size_t role_for(std::size_t position, std::size_t room_size, std::size_t role_count, int round, bool rotation) {
  if (room_size == 0 || role_count == 0) return 0;
  const std::size_t shift = rotation && round > 0 ? static_cast<std::size_t>(round) % room_size : 0;
  // The place this member stands in this round: moving back one place a round hands each role on.
  const std::size_t place = (position + room_size - shift) % room_size;
  return std::min(place, role_count - 1);
}

}  // namespace huddle::core
