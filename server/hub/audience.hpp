#pragma once
// Every connection a session pushes its public topics to (facilitators, projectors, participants), in one
// flat array: the broadcast loop walks contiguous pointers instead of a hash map of vectors (at 10,000
// recipients the map's scattered nodes showed in a profile, issue 19). A connection's place is kept in its
// binding, so leaving is O(1) even when thousands go at once. On the session's strand only.
#include <cstddef>
#include <memory>
#include <vector>

#include "hub/client.hpp"

namespace huddle::hub {

class Audience {
 public:
  using ClientPtr = std::shared_ptr<Client>;

  void add(const ClientPtr& client) {
    if (holds(client)) return;
    client->binding().audience_slot = members_.size();
    members_.push_back(client);
  }
  void remove(const ClientPtr& client) {
    if (!holds(client)) return;
    const auto slot = client->binding().audience_slot;
    if (slot + 1 != members_.size()) {
      members_[slot] = std::move(members_.back());
      members_[slot]->binding().audience_slot = slot;
    }
    members_.pop_back();
    client->binding().audience_slot = ClientBinding::no_slot;
  }
  bool holds(const ClientPtr& client) const {
    const auto slot = client->binding().audience_slot;
    return slot < members_.size() && members_[slot] == client;
  }

  auto begin() const noexcept { return members_.begin(); }
  auto end() const noexcept { return members_.end(); }
  std::size_t size() const noexcept { return members_.size(); }

 private:
  std::vector<ClientPtr> members_;
};

}  // namespace huddle::hub
