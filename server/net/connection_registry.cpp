#include "net/connection_registry.hpp"

#include <vector>

namespace huddle::net {

std::uint64_t ConnectionRegistry::add(std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  const auto id = next_id_++;
  live_.emplace(id, std::move(connection));
  return id;
}

void ConnectionRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  live_.erase(id);
}

std::size_t ConnectionRegistry::size() {
  std::lock_guard lock(mutex_);
  return live_.size();
}

void ConnectionRegistry::shut_down_all() {
  std::vector<std::shared_ptr<Connection>> alive;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : live_) {
      if (auto c = weak.lock()) alive.push_back(std::move(c));
    }
  }
  // Outside the lock: shutting down may end a connection, which removes itself from the registry.
  for (auto& c : alive) c->shut_down();
}

}  // namespace huddle::net
