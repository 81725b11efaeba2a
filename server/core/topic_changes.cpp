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
          [](const PhaseChanged&) { return TopicChanges{true, false, false, {}}; },
          [](const SessionEnded&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerPaused&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerResumed&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerExtended&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerWarned&) { return TopicChanges{true, false, false, {}}; },
          [](const TimerExpired&) { return TopicChanges{true, false, false, {}}; },
      },
      event);
}

}  // namespace huddle::core
