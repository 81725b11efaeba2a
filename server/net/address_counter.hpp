#pragma once
// Open connections per remote address, for --max-connections-per-address. A slot is held for as long as
// the connection lives (HttpSession, then the WebSocket it becomes) and given back when it ends.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "net/address_slot.hpp"

namespace huddle::net {

class AddressCounter {
 public:
  // A slot for one more connection from `address`, or nothing when it already has `max` open.
  std::optional<AddressSlot> acquire(const std::string& address, std::size_t max);
  std::size_t count(const std::string& address);

 private:
  friend class AddressSlot;
  void release(const std::string& address);

  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace huddle::net
