#include "core/activity_state.hpp"

namespace huddle::core {

const PollSlot* ActivityState::find_poll(const std::string& poll_id) const {
  auto it = polls.find(poll_id);
  return it == polls.end() ? nullptr : &it->second;
}

PollSlot* ActivityState::find_poll(const std::string& poll_id) {
  auto it = polls.find(poll_id);
  return it == polls.end() ? nullptr : &it->second;
}

const ConfusionBoard* ActivityState::board(std::optional<int> phase) const {
  if (!phase) return nullptr;
  auto it = boards.find(*phase);
  return it == boards.end() ? nullptr : &it->second;
}

ConfusionBoard* ActivityState::board(std::optional<int> phase) {
  if (!phase) return nullptr;
  auto it = boards.find(*phase);
  return it == boards.end() ? nullptr : &it->second;
}

std::string phase_poll_id(int phase) { return "poll-" + std::to_string(phase); }

}  // namespace huddle::core
