#include "hub/change_pace.hpp"

namespace huddle::hub {

bool ChangePace::take(const std::string& participant_id, TokenBucket::Clock::time_point now) {
  if (per_second_ <= 0) return true;
  auto it = buckets_.find(participant_id);
  if (it == buckets_.end()) it = buckets_.emplace(participant_id, TokenBucket(per_second_, burst_, now)).first;
  return it->second.take(now);
}

}  // namespace huddle::hub
