#include "core/replay.hpp"

#include <variant>

#include "core/rules.hpp"

namespace huddle::core {

std::optional<std::string> misfit(const SessionState& state, const Event& event) {
  const bool created = std::holds_alternative<SessionCreated>(event);
  if (!state.scenario) {
    if (!created) return "the journal does not begin with session.created";
    return std::nullopt;
  }
  if (created) return "a second session.created";
  if (const auto* changed = std::get_if<PhaseChanged>(&event)) {
    if (changed->phase && (*changed->phase < 0 || static_cast<std::size_t>(*changed->phase) >= state.scenario->phases.size())) {
      return "phase.changed to phase " + std::to_string(*changed->phase) + ", which the scenario does not have";
    }
  }
  return std::nullopt;
}

SessionState replay(const std::vector<Event>& events) {
  SessionState state;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (auto why = misfit(state, events[i])) {
      throw ReplayError("event " + std::to_string(i + 1) + " of " + std::to_string(events.size()) + ": " + *why);
    }
    apply(state, events[i]);
  }
  return state;
}

}  // namespace huddle::core
