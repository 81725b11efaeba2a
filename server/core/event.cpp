#include "core/event.hpp"

namespace huddle::core {

bool is_durable(const Event& event) noexcept { return !std::holds_alternative<PresenceChanged>(event); }

}  // namespace huddle::core
