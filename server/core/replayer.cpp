#include "core/replayer.hpp"

#include <string>

#include "core/replay.hpp"
#include "core/rules.hpp"

namespace huddle::core {

void Replayer::add(const Event& event) {
  ++events_;
  // The total is unknown while streaming, so the event is named by its position alone.
  if (auto why = misfit(state_, event)) throw ReplayError("event " + std::to_string(events_) + ": " + *why);
  apply(state_, event);
}

}  // namespace huddle::core
