#include "core/forget_named_ballots.hpp"

#include <cstddef>
#include <map>
#include <string>

namespace huddle::core {

std::optional<std::vector<Event>> forget_named_ballots(const std::vector<Event>& history) {
  // Where each poll was last re-keyed: every ballot event of that poll before it goes.
  std::map<std::string, std::size_t> last_rekey;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (const auto* e = std::get_if<BallotsRekeyed>(&history[i])) last_rekey[e->poll_id] = i;
  }
  if (last_rekey.empty()) return std::nullopt;
  auto superseded = [&](const std::string& poll_id, std::size_t i) {
    auto it = last_rekey.find(poll_id);
    return it != last_rekey.end() && i < it->second;
  };
  std::vector<Event> kept;
  kept.reserve(history.size());
  bool dropped = false;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Event& e = history[i];
    const auto* cast = std::get_if<BallotCast>(&e);
    const auto* withdrawn = std::get_if<BallotWithdrawn>(&e);
    const auto* rekeyed = std::get_if<BallotsRekeyed>(&e);
    if ((cast && superseded(cast->poll_id, i)) || (withdrawn && superseded(withdrawn->poll_id, i)) ||
        (rekeyed && superseded(rekeyed->poll_id, i))) {
      dropped = true;
      continue;
    }
    kept.push_back(e);
  }
  if (!dropped) return std::nullopt;
  return kept;
}

}  // namespace huddle::core
