#pragma once
// Every open connection, for the total connection cap and for closing them all at shutdown.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "net/connection.hpp"

namespace huddle::net {

class ConnectionRegistry {
 public:
  std::uint64_t add(std::weak_ptr<Connection> connection);
  void remove(std::uint64_t id);
  std::size_t size();
  void shut_down_all();

 private:
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> live_;
};

}  // namespace huddle::net
