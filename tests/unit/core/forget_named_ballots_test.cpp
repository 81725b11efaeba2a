// The journal edit behind "a poll made anonymous forgets every name" (poll.hpp): ballot events of a poll
// before its BallotsRekeyed go, everything else stays, and the result replays to the same state.
#include "core/forget_named_ballots.hpp"

#include <gtest/gtest.h>

#include "core/replay.hpp"
#include "core/rules.hpp"
#include "core/views.hpp"
#include "support/test_scenario.hpp"

namespace huddle::core {
namespace {

TEST(ForgetNamedBallots, DropsOnlyTheSupersededBallotEventsAndReplaysTheSame) {
  const std::vector<Event> history = {
      create_session("ABCDEF", "keyhash", test::three_phase_scenario(), 100, 1000),
      ParticipantJoined{"p-1", "Dana", "h1", 1001},
      ParticipantJoined{"p-2", "Sam", "h2", 1002},
      PhaseChanged{1, 1003},
      PollControlled{"poll-1", PollAction::named, 1004},
      BallotCast{"poll-1", "p-1", SingleChoice{0}, "Dana"},
      BallotCast{"poll-1", "p-2", SingleChoice{1}, "Sam"},
      BallotWithdrawn{"poll-1", "p-2"},
      BallotCast{"poll-1", "p-2", SingleChoice{2}, "Sam"},
      BallotCast{"poll-9", "p-1", SingleChoice{0}, "Dana"},  // another poll: untouched
      PollControlled{"poll-1", PollAction::anonymous, 1005},
      BallotsRekeyed{"poll-1", {{"a-1", SingleChoice{2}}, {"a-2", SingleChoice{0}}}},
      BallotCast{"poll-1", "a-2", SingleChoice{1}, std::nullopt},  // after the switch: kept
  };
  const auto kept = forget_named_ballots(history);
  ASSERT_TRUE(kept.has_value());
  ASSERT_EQ(kept->size(), history.size() - 4);
  for (const auto& e : *kept) {
    if (const auto* cast = std::get_if<BallotCast>(&e)) {
      EXPECT_TRUE(cast->poll_id == "poll-9" || !cast->voter_name) << cast->voter_key;
    }
    EXPECT_FALSE(std::holds_alternative<BallotWithdrawn>(e));
  }
  EXPECT_EQ(console_view(replay(*kept))["poll"], console_view(replay(history))["poll"]);
  EXPECT_FALSE(forget_named_ballots(*kept).has_value()) << "a clean history is left as it is";
}

}  // namespace
}  // namespace huddle::core
