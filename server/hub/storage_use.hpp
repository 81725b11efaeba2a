#pragma once
// What a session has stored (or a change would store): events and their serialized bytes, as the journal
// keeps them.
#include <cstdint>

namespace huddle::hub {

struct StorageUse {
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;
};

}  // namespace huddle::hub
