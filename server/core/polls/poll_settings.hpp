#pragma once
// How one poll behaves: the poll activity of a scenario phase, or a facilitator's quick poll, defaults applied.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/polls/poll_kind.hpp"

namespace huddle::core {

struct PollSettings {
  // The two ends of a rating scale; only meaningful for PollKind::scale.
  struct Scale {
    int min = 1;
    int max = 5;
    std::string min_label;
    std::string max_label;
  };

  PollKind kind = PollKind::single;
  std::string question;
  std::vector<std::string> options;  // single and multi, in the order shown
  int max_choices = 1;               // multi: 1..options.size() (default all); single: always 1
  Scale scale;                       // scale only
  int max_entries = 0;               // wordcloud and open: answers per person; 0 for other kinds
  int max_length = 0;                // wordcloud and open: characters per answer; 0 for other kinds
  bool anonymous = true;
  bool results_live = false;  // results: "live"; "hidden" (the default) shows them only once revealed
  std::optional<int> timer_seconds;

  // Settings from a poll activity the scenario parser already validated; fields left out get their
  // documented defaults. Throws std::invalid_argument only for a pollKind the validator would never pass.
  static PollSettings from_activity(const nlohmann::json& activity);
};

}  // namespace huddle::core
