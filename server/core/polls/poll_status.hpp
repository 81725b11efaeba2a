#pragma once
// Whether a poll takes ballots. Closing freezes the results; the facilitator may open it again.
#include <string_view>

namespace huddle::core {

enum class PollStatus { open, closed };

constexpr std::string_view to_string(PollStatus status) noexcept {
  return status == PollStatus::open ? "open" : "closed";
}

}  // namespace huddle::core
