#include "core/topic_changes.hpp"

#include "core/overloaded.hpp"

namespace huddle::core {

namespace {
// Breakout events change the facilitator's panel and the room views, not the audience-wide activity.
TopicChanges rooms_changed() {
  TopicChanges c;
  c.console = true;
  c.every_room = true;
  return c;
}
// One room's clock, help request or notes: the facilitator's panel and that room's members.
TopicChanges room_changed(int room) {
  TopicChanges c;
  c.console = true;
  c.rooms.push_back(room);
  return c;
}
}  // namespace

TopicChanges TopicChanges::of(const Event& event) {
  return std::visit(
      overloaded{
          [](const SessionCreated&) { return TopicChanges{true, true, true, {}}; },
          [](const ParticipantJoined& e) { return TopicChanges{true, true, false, e.participant_id}; },
          [](const ParticipantLeft&) { return TopicChanges{true, true, false, {}}; },
          [](const PresenceChanged&) { return TopicChanges{true, true, false, {}}; },
          [](const SessionLocked&) { return TopicChanges{true, false, false, {}}; },
          [](const PhaseChanged&) { return TopicChanges{true, false, false, {}, true, true, true, true}; },
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
          // Every voter's own form is refilled under their new key.
          [](const BallotsRekeyed&) { return TopicChanges{false, false, false, {}, true, true, true}; },
          // Merging or hiding takes cards off the board, and with them everyone's "me too" marks on them.
          [](const CardsMerged&) { return TopicChanges{false, false, false, {}, true, true, true}; },
          [](const CardModerated&) { return TopicChanges{false, false, false, {}, true, true, true}; },
          [](const Announced&) { return TopicChanges{true, false, false, {}}; },
          [](const RoomsFormed&) { return rooms_changed(); },
          [](const RoomMemberMoved&) { return rooms_changed(); },
          [](const RoundsStarted&) { return rooms_changed(); },
          [](const RoomStepAdvanced& e) { return room_changed(e.room); },
          [](const RoomTimeAdded& e) { return e.room < 0 ? rooms_changed() : room_changed(e.room); },
          [](const RoomsCalledBack&) { return rooms_changed(); },
          [](const RoomsClosed&) { return rooms_changed(); },
          [](const HelpRequested& e) { return room_changed(e.room); },
          [](const HelpCleared& e) { return room_changed(e.room); },
          [](const ChecklistSaved& e) { return room_changed(e.room); },
          // Polls, cards and the fishbowl: what everyone sees of the activity, and the facilitator's panel.
          [](const auto&) { return TopicChanges{false, false, false, {}, true, true, false}; },
      },
      event);
}

bool TopicChanges::about_people(const Event& event) {
  return std::holds_alternative<ParticipantJoined>(event) || std::holds_alternative<ParticipantLeft>(event) ||
         std::holds_alternative<PresenceChanged>(event);
}

bool TopicChanges::about_counts(const Event& event) {
  return std::holds_alternative<BallotCast>(event) || std::holds_alternative<BallotWithdrawn>(event) ||
         std::holds_alternative<CardSubmitted>(event) || std::holds_alternative<CardVoteChanged>(event);
}

bool TopicChanges::by_participants(const Event& event) {
  return about_counts(event) || about_people(event) || std::holds_alternative<HelpRequested>(event) ||
         std::holds_alternative<ChecklistSaved>(event);
}

TopicChanges TopicChanges::of(const Event& event, const SessionState& after) {
  TopicChanges changes = of(event);
  if (about_people(event) && after.phase && after.scenario &&
      after.scenario->phases[static_cast<std::size_t>(*after.phase)].activity_kind == "roleplay") {
    changes.console = true;
    changes.every_room |= std::holds_alternative<ParticipantLeft>(event);
  }
  return changes;
}

}  // namespace huddle::core
