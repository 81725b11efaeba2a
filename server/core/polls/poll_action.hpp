#pragma once
// What a facilitator can do to a poll while it runs (PROTOCOL.md, "poll.control").
#include <array>
#include <optional>
#include <string_view>

namespace huddle::core {

enum class PollAction {
  open,       // take ballots (again)
  close,      // stop taking ballots; results stay
  reveal,     // participants see the results
  hide,       // participants stop seeing them (also turns live results off)
  live,       // results update on every screen as ballots come in
  unlive,     // results only once revealed
  anonymous,  // forget names; ballots from now on are filed under anonymous keys
  named,      // the facilitator sees who answered what; refused once anyone voted anonymously
  dismiss,    // a quick poll: close it and take it off the screen, back to the phase's own poll
};

inline constexpr std::array<std::string_view, 9> poll_action_names{"open",   "close",     "reveal", "hide",   "live",
                                                                   "unlive", "anonymous", "named",  "dismiss"};

constexpr std::string_view to_string(PollAction action) noexcept {
  return poll_action_names[static_cast<std::size_t>(action)];
}

constexpr std::optional<PollAction> parse_poll_action(std::string_view text) noexcept {
  for (std::size_t i = 0; i < poll_action_names.size(); ++i) {
    if (poll_action_names[i] == text) return static_cast<PollAction>(i);
  }
  return std::nullopt;
}

}  // namespace huddle::core
