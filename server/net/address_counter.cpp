#include "net/address_counter.hpp"

namespace huddle::net {

std::optional<AddressSlot> AddressCounter::acquire(const std::string& address, const std::string& group, std::size_t max,
                                                   std::size_t group_max) {
  std::lock_guard lock(mutex_);
  auto own = open_.find(address);
  if (own != open_.end() && own->second >= max) return std::nullopt;
  if (!group.empty()) {
    auto net = open_.find(group);
    if (net != open_.end() && net->second >= group_max) return std::nullopt;
  }
  if (max == 0 || (!group.empty() && group_max == 0)) return std::nullopt;
  ++open_[address];
  if (!group.empty()) ++open_[group];
  return AddressSlot(this, address, group);
}

std::size_t AddressCounter::count(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(key);
  return it == open_.end() ? 0 : it->second;
}

void AddressCounter::release(const std::string& address, const std::string& group) {
  std::lock_guard lock(mutex_);
  release_one(address);
  if (!group.empty()) release_one(group);
}

void AddressCounter::release_one(const std::string& key) {
  auto it = open_.find(key);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

}  // namespace huddle::net
