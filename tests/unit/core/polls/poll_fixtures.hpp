#pragma once
// Small builders shared by the poll tests: settings written the way a scenario writes them, and ballots
// parsed the way a client's vote is.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/polls/ballot_input.hpp"
#include "core/polls/poll.hpp"
#include "core/polls/poll_settings.hpp"

namespace huddle::core::test {

inline PollSettings settings(nlohmann::json activity) {
  activity["kind"] = "poll";
  if (!activity.contains("question")) activity["question"] = "How is it going?";
  return PollSettings::from_activity(activity);
}

inline PollSettings single_poll(bool anonymous = true) {
  return settings({{"pollKind", "single"}, {"options", {"Yes", "No", "Not sure"}}, {"anonymous", anonymous}});
}
inline PollSettings multi_poll(int max_choices = 2) {
  return settings({{"pollKind", "multi"}, {"options", {"Listening", "Asking", "Waiting", "Summarising"}},
                   {"maxChoices", max_choices}});
}
inline PollSettings scale_poll() {
  return settings({{"pollKind", "scale"}, {"scale", {{"min", 1}, {"max", 5}, {"minLabel", "Low"}, {"maxLabel", "High"}}}});
}
inline PollSettings wordcloud_poll() { return settings({{"pollKind", "wordcloud"}}); }
inline PollSettings open_poll(bool anonymous = true) {
  return settings({{"pollKind", "open"}, {"anonymous", anonymous}});
}

// The ballot a valid vote parses to; fails the test if it is refused.
inline Ballot ballot(const PollSettings& s, const nlohmann::json& vote) {
  auto parsed = parse_ballot(s, vote);
  if (auto* rejection = std::get_if<Rejection>(&parsed)) {
    ADD_FAILURE() << "vote " << vote.dump() << " refused: " << rejection->message;
    return SingleChoice{};
  }
  return std::get<Ballot>(parsed);
}

// Casts a vote that must be accepted.
inline void vote(Poll& poll, const std::string& key, const nlohmann::json& v,
                 std::optional<std::string> name = std::nullopt) {
  auto rejection = poll.cast(key, ballot(poll.settings(), v), std::move(name));
  EXPECT_FALSE(rejection) << rejection->message;
}

}  // namespace huddle::core::test
