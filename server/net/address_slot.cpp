#include "net/address_slot.hpp"

#include "net/address_counter.hpp"

namespace huddle::net {

AddressSlot& AddressSlot::operator=(AddressSlot&& other) noexcept {
  if (this != &other) {
    if (counter_) counter_->release(address_, group_);
    counter_ = std::exchange(other.counter_, nullptr);
    address_ = std::move(other.address_);
    group_ = std::move(other.group_);
  }
  return *this;
}

AddressSlot::~AddressSlot() {
  if (counter_) counter_->release(address_, group_);
}

}  // namespace huddle::net
