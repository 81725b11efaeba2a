#pragma once
// Messages and payload bytes that the load tool's clients received.
#include <cstdint>

namespace huddle::load {

struct Traffic {
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;

  void count(std::uint64_t size) {
    ++messages;
    bytes += size;
  }
};

}  // namespace huddle::load
