#include "hub/card_writers.hpp"

#include <algorithm>

namespace huddle::hub {

std::size_t CardWriters::written(const std::string& participant_id, int phase) const {
  auto person = written_.find(participant_id);
  if (person == written_.end()) return 0;
  auto it = person->second.find(phase);
  return it == person->second.end() ? 0 : it->second;
}

std::size_t CardWriters::writers_waiting(int phase, const Present& present) const {
  auto it = waiting_.find(phase);
  if (it == waiting_.end()) return 0;
  return static_cast<std::size_t>(std::count_if(it->second.begin(), it->second.end(), present));
}

std::size_t CardWriters::writers_waiting_with(const std::string& participant_id, int phase, const Present& present) const {
  auto it = waiting_.find(phase);
  if (it == waiting_.end()) return 1;
  std::size_t others = 0;
  for (const auto& writer : it->second) {
    if (writer != participant_id && present(writer)) ++others;
  }
  return others + 1;
}

core::Millis CardWriters::wait_ms(const std::string& participant_id, core::Millis now) const {
  auto it = last_card_at_.find(participant_id);
  if (it == last_card_at_.end()) return 0;
  return std::max<core::Millis>(0, it->second + card_min_interval_ms - now);
}

void CardWriters::wrote(const std::string& participant_id, int phase, core::Millis now) {
  ++written_[participant_id][phase];
  waiting_[phase].insert(participant_id);
  last_card_at_[participant_id] = now;
}

void CardWriters::released(int phase) { waiting_.erase(phase); }

void CardWriters::forget(const std::string& participant_id) {
  written_.erase(participant_id);
  last_card_at_.erase(participant_id);
  // Their cards stay in the pen but no longer count as anyone's: whoever joins next is a new writer, and the
  // identity that left must not keep a place among the K.
  for (auto& [phase, people] : waiting_) people.erase(participant_id);
}

}  // namespace huddle::hub
