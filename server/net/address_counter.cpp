#include "net/address_counter.hpp"

namespace huddle::net {

std::optional<AddressSlot> AddressCounter::acquire(const std::string& address, std::size_t max) {
  std::lock_guard lock(mutex_);
  std::size_t& open = open_[address];
  if (open >= max) {
    if (open == 0) open_.erase(address);
    return std::nullopt;
  }
  ++open;
  return AddressSlot(this, address);
}

std::size_t AddressCounter::count(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

void AddressCounter::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

}  // namespace huddle::net
