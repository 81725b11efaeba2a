#include "delivery_tracker.hpp"

#include <algorithm>

namespace huddle::load {

void DeliveryTracker::begin(std::size_t clients) {
  sightings_.assign(clients, {});
  recording_ = true;
}

DeliveryResult DeliveryTracker::resolve(const std::vector<TrackedUpdate>& updates,
                                        const std::function<bool(std::uint32_t)>& included) const {
  DeliveryResult result;
  result.updates = updates.size();
  std::vector<Micros> last_seen(updates.size(), 0);
  std::vector<bool> everyone_saw(updates.size(), true);
  for (std::uint32_t c = 0; c < sightings_.size(); ++c) {
    if (!included(c)) continue;
    ++result.clients;
    const auto& seen = sightings_[c];
    std::size_t j = 0;
    for (std::size_t k = 0; k < updates.size(); ++k) {
      while (j < seen.size() && seen[j].version < updates[k].version) ++j;
      if (j == seen.size()) {
        result.missed += updates.size() - k;
        std::fill(everyone_saw.begin() + static_cast<std::ptrdiff_t>(k), everyone_saw.end(), false);
        break;
      }
      const Micros latency = std::max<Micros>(0, seen[j].at - updates[k].sent_at);
      result.per_client.add(latency);
      last_seen[k] = std::max(last_seen[k], latency);
    }
  }
  for (std::size_t k = 0; k < updates.size(); ++k) {
    if (everyone_saw[k] && result.clients > 0) result.all_seen.add(last_seen[k]);
  }
  return result;
}

}  // namespace huddle::load
