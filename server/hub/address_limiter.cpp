#include "hub/address_limiter.hpp"

#include <iterator>

namespace huddle::hub {

void AddressLimiter::make_room(TokenBucket::Clock::time_point now) {
  if (buckets_.size() + 2 <= max_entries_) return;
  for (auto idle = buckets_.begin(); idle != buckets_.end();) {
    idle = idle->second.full(now) ? buckets_.erase(idle) : std::next(idle);
  }
  if (buckets_.size() + 2 > max_entries_) buckets_.clear();
}

TokenBucket& AddressLimiter::bucket(const std::string& key, Rate rate, TokenBucket::Clock::time_point now) {
  return buckets_.try_emplace(key, rate.per_second, rate.burst, now).first->second;
}

bool AddressLimiter::take(const std::string& address, TokenBucket::Clock::time_point now) {
  if (address.empty()) return true;
  const std::string group = grouping_.group_of(address);
  std::lock_guard lock(mutex_);
  make_room(now);  // before either lookup: references into the map then stay valid
  TokenBucket& own = bucket(address, per_address_, now);
  TokenBucket* group_bucket = group.empty() ? nullptr : &bucket(group, per_group_, now);
  if (!own.available(now) || (group_bucket && !group_bucket->available(now))) return false;
  own.take(now);
  if (group_bucket) group_bucket->take(now);
  return true;
}

bool AddressLimiter::exhausted(const std::string& address, TokenBucket::Clock::time_point now) {
  if (address.empty()) return false;
  const std::string group = grouping_.group_of(address);
  std::lock_guard lock(mutex_);
  auto own = buckets_.find(address);
  if (own != buckets_.end() && !own->second.available(now)) return true;
  auto net = group.empty() ? buckets_.end() : buckets_.find(group);
  return net != buckets_.end() && !net->second.available(now);
}

}  // namespace huddle::hub
