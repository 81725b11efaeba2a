#pragma once
// How fast each participant may store changes: a token bucket per person (StorageLimits::changes_per_minute,
// changes_burst), on top of the per-connection request limit in net/, which one person with many
// connections would multiply. In memory only, like CardWriters; a person who leaves is forgotten.
#include <string>
#include <unordered_map>

#include "hub/storage_limits.hpp"
#include "hub/token_bucket.hpp"

namespace huddle::hub {

class ChangePace {
 public:
  explicit ChangePace(const StorageLimits& limits) noexcept
      : per_second_(limits.changes_per_minute / 60.0), burst_(limits.changes_burst) {}

  // Takes one change from the person's allowance; false when they have none left right now.
  bool take(const std::string& participant_id, TokenBucket::Clock::time_point now);
  void forget(const std::string& participant_id) { buckets_.erase(participant_id); }
  // The documented pace, for the refusal's message.
  double per_minute() const noexcept { return per_second_ * 60.0; }

 private:
  double per_second_;
  double burst_;
  std::unordered_map<std::string, TokenBucket> buckets_;  // at most one per participant of the session
};

}  // namespace huddle::hub
