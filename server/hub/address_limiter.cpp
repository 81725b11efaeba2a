#include "hub/address_limiter.hpp"

#include <iterator>

namespace huddle::hub {

bool AddressLimiter::take(const std::string& address, TokenBucket::Clock::time_point now) {
  if (address.empty()) return true;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(address);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_addresses_) {
      for (auto idle = buckets_.begin(); idle != buckets_.end();) {
        idle = idle->second.full(now) ? buckets_.erase(idle) : std::next(idle);
      }
      if (buckets_.size() >= max_addresses_) buckets_.clear();
    }
    it = buckets_.emplace(address, TokenBucket(per_second_, burst_, now)).first;
  }
  return it->second.take(now);
}

bool AddressLimiter::exhausted(const std::string& address, TokenBucket::Clock::time_point now) {
  if (address.empty()) return false;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(address);
  return it != buckets_.end() && !it->second.available(now);
}

}  // namespace huddle::hub
