#pragma once
// The result of deciding a command: the events it causes, or why it was refused.
#include <optional>
#include <vector>

#include "core/event.hpp"
#include "core/rejection.hpp"

namespace huddle::core {

struct Outcome {
  std::vector<Event> events;
  std::optional<Rejection> rejection;

  bool ok() const noexcept { return !rejection.has_value(); }
  static Outcome refuse(protocol::ErrorCode code, std::string message) {
    return Outcome{{}, Rejection{code, std::move(message)}};
  }
};

}  // namespace huddle::core
