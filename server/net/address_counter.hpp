#pragma once
// Open connections per remote address and per network (an IPv4 /24, an IPv6 /64: hub::AddressGrouping),
// for --max-connections-per-address and --max-connections-per-network. A slot is held for as long as the
// connection lives (HttpSession, then the WebSocket it becomes) and given back when it ends.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "net/address_slot.hpp"

namespace huddle::net {

class AddressCounter {
 public:
  // A slot for one more connection from `address` in network `group`, or nothing when the address already
  // has `max` open or the network `group_max`. An empty group counts the address alone.
  std::optional<AddressSlot> acquire(const std::string& address, const std::string& group, std::size_t max, std::size_t group_max);
  std::size_t count(const std::string& key);  // an address or a group

 private:
  friend class AddressSlot;
  void release(const std::string& address, const std::string& group);
  void release_one(const std::string& key);

  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;  // by address and by group ("…/24")
};

}  // namespace huddle::net
