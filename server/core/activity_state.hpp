#pragma once
// The audience activities of a session: every poll it has run, every confusion-card board, the breakout
// rooms of every roleplay phase and the fishbowl of every fishbowl phase, by phase.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/breakouts/breakouts.hpp"
#include "core/cards/confusion_board.hpp"
#include "core/fishbowl/fishbowl.hpp"
#include "core/polls/poll_slot.hpp"

namespace huddle::core {

struct ActivityState {
  std::map<std::string, PollSlot> polls;   // by poll id: "poll-<phase index>" or "quick-<n>"
  std::vector<std::string> poll_order;     // ids in the order the polls first opened
  std::optional<std::string> active_poll;  // the poll on everyone's screen, if any
  std::map<int, ConfusionBoard> boards;    // by the index of the cards phase they belong to
  int quick_polls = 0;                     // launched so far; numbers the next quick poll's id
  std::map<int, Breakouts> breakouts;      // by the index of the roleplay phase they belong to
  std::map<int, Fishbowl> fishbowls;       // by the index of the fishbowl phase they belong to

  const PollSlot* find_poll(const std::string& poll_id) const;
  PollSlot* find_poll(const std::string& poll_id);
  const ConfusionBoard* board(std::optional<int> phase) const;
  ConfusionBoard* board(std::optional<int> phase);
};

// The id of the poll of a scenario phase.
std::string phase_poll_id(int phase);

}  // namespace huddle::core
