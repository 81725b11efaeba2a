#pragma once
// Records, per client, when each version of the measured stream arrived, and afterwards matches those
// sightings to the updates sent. Recording is separate from matching because the version an update
// produced is often learned only after some clients already received it (from the facilitator's own
// push, or from the board it parsed), and because a newer version also delivers every older update: a
// client that skipped a coalesced version still saw the update once it holds a version at least as new.
#include <cstdint>
#include <functional>
#include <vector>

#include "delivery_result.hpp"
#include "micros.hpp"
#include "tracked_update.hpp"

namespace huddle::load {

class DeliveryTracker {
 public:
  // Starts recording for `clients` clients, forgetting any earlier window.
  void begin(std::size_t clients);
  void stop() { recording_ = false; }
  bool recording() const noexcept { return recording_; }
  void record(std::uint32_t client, std::uint64_t version, Micros at) {
    if (recording_) sightings_[client].push_back({version, at});
  }
  // Matches `updates` (in the order sent, versions not decreasing) against the clients `included` says
  // count. A sighting before an update's send time counts as 0 (a newer state was already there).
  DeliveryResult resolve(const std::vector<TrackedUpdate>& updates,
                         const std::function<bool(std::uint32_t)>& included) const;

 private:
  struct Sighting {
    std::uint64_t version;
    Micros at;
  };
  std::vector<std::vector<Sighting>> sightings_;
  bool recording_ = false;
};

}  // namespace huddle::load
