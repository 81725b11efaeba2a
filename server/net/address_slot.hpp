#pragma once
// One connection's place in the per-address and per-network count (see AddressCounter). Move-only; gives the place back
// when destroyed, whichever object owns the connection by then.
#include <string>
#include <utility>

namespace huddle::net {

class AddressCounter;

class AddressSlot {
 public:
  AddressSlot() = default;
  AddressSlot(AddressCounter* counter, std::string address, std::string group)
      : counter_(counter), address_(std::move(address)), group_(std::move(group)) {}
  AddressSlot(AddressSlot&& other) noexcept
      : counter_(std::exchange(other.counter_, nullptr)), address_(std::move(other.address_)), group_(std::move(other.group_)) {}
  AddressSlot& operator=(AddressSlot&& other) noexcept;
  AddressSlot(const AddressSlot&) = delete;
  AddressSlot& operator=(const AddressSlot&) = delete;
  ~AddressSlot();

  // A place that counts nowhere: a trusted proxy's connection (net/trusted_proxies.hpp), which holds many
  // clients' connections; each of its WebSockets takes a counted slot for its client at the upgrade.
  static AddressSlot uncounted(std::string address) { return AddressSlot(nullptr, std::move(address), {}); }

  const std::string& address() const noexcept { return address_; }

 private:
  AddressCounter* counter_ = nullptr;
  std::string address_;
  std::string group_;  // its network (hub::AddressGrouping), counted too
};

}  // namespace huddle::net
