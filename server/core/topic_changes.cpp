#include "core/topic_changes.hpp"

#include "core/overloaded.hpp"

namespace huddle::core {

TopicChanges TopicChanges::of(const Event& event) {
  return std::visit(
      overloaded{
          [](const SessionCreated&) { return TopicChanges{true, true, true, {}}; },
          [](const ParticipantJoined& e) { return TopicChanges{true, true, false, e.participant_id}; },
          [](const ParticipantLeft&) { return TopicChanges{true, true, false, {}}; },
          [](const PresenceChanged&) { return TopicChanges{true, true, false, {}}; },
          [](const PhaseChanged&) { return TopicChanges{true, false, false, {}, true, true, true}; },
          [](const SessionEnded&) { return TopicChanges{true, false, false, {}, true, true, false}; },
          [](const TimerPaused&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerResumed&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerExtended&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerWarned&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerExpired&) { return TopicChanges{true, false, false, {}}; },
          // Ballots and "me too" votes also change their voter's own view, but the events do not say who
          // that is (anonymity); the hub marks the requester's `me` itself.
          [](const QuickPollLaunched&) { return TopicChanges{false, false, false, {}, true, true, true}; },
          [](const PollControlled& e) {
            return TopicChanges{false, false, false, {}, true, true, e.action == PollAction::dismiss};
          },
          // Merging or hiding takes cards off the board, and with them everyone's "me too" marks on them.
          [](const CardsMerged&) { return TopicChanges{false, false, false, {}, true, true, true}; },
          [](const CardModerated&) { return TopicChanges{false, false, false, {}, true, true, true}; },
          [](const auto&) { return TopicChanges{false, false, false, {}, true, true, false}; },
      },
      event);
}

}  // namespace huddle::core
