#include "store/event_json.hpp"

#include "core/overloaded.hpp"

namespace huddle::store {

using nlohmann::json;

namespace {

json poll_settings_json(const core::PollSettings& s) {
  return {{"kind", core::to_string(s.kind)},
          {"question", s.question},
          {"options", s.options},
          {"maxChoices", s.max_choices},
          {"scale", {{"min", s.scale.min}, {"max", s.scale.max}, {"minLabel", s.scale.min_label}, {"maxLabel", s.scale.max_label}}},
          {"maxEntries", s.max_entries},
          {"maxLength", s.max_length},
          {"anonymous", s.anonymous},
          {"resultsLive", s.results_live},
          {"timerSeconds", s.timer_seconds ? json(*s.timer_seconds) : json(nullptr)}};
}

json optional_phase(const std::optional<int>& phase) { return phase ? json(*phase) : json(nullptr); }

}  // namespace

json event_to_json(const core::Event& event) {
  using namespace core;
  return std::visit(
      overloaded{
          [](const SessionCreated& e) -> json {
            // The scenario is stored as its source text, so replay rebuilds exactly the script the session ran.
            return {{"type", "session.created"}, {"code", e.code}, {"facilitatorKeyHash", e.facilitator_key_hash},
                    {"scenario", e.scenario ? e.scenario->source : std::string()},
                    {"maxParticipants", e.max_participants}, {"at", e.at}};
          },
          [](const ParticipantJoined& e) -> json {
            return {{"type", "participant.joined"}, {"participantId", e.participant_id}, {"name", e.name},
                    {"tokenHash", e.token_hash}, {"at", e.at}};
          },
          [](const ParticipantLeft& e) -> json {
            return {{"type", "participant.left"}, {"participantId", e.participant_id}, {"removed", e.removed}, {"at", e.at}};
          },
          [](const PresenceChanged& e) -> json {
            return {{"type", "presence.changed"}, {"participantId", e.participant_id}, {"delta", e.delta}};
          },
          [](const PhaseChanged& e) -> json { return {{"type", "phase.changed"}, {"phase", optional_phase(e.phase)}, {"at", e.at}}; },
          [](const SessionEnded& e) -> json { return {{"type", "session.ended"}, {"at", e.at}}; },
          [](const TimerPaused& e) -> json { return {{"type", "timer.paused"}, {"at", e.at}}; },
          [](const TimerResumed& e) -> json { return {{"type", "timer.resumed"}, {"at", e.at}}; },
          [](const TimerExtended& e) -> json { return {{"type", "timer.extended"}, {"byMs", e.by_ms}, {"at", e.at}}; },
          [](const TimerWarned& e) -> json { return {{"type", "timer.warned"}, {"at", e.at}}; },
          [](const TimerExpired& e) -> json { return {{"type", "timer.expired"}, {"at", e.at}}; },
          [](const BallotCast& e) -> json {
            return {{"type", "ballot.cast"}, {"pollId", e.poll_id}, {"voterKey", e.voter_key},
                    {"ballot", ballot_to_json(e.ballot)},
                    {"voterName", e.voter_name ? json(*e.voter_name) : json(nullptr)}};
          },
          [](const BallotWithdrawn& e) -> json {
            return {{"type", "ballot.withdrawn"}, {"pollId", e.poll_id}, {"voterKey", e.voter_key}};
          },
          [](const PollControlled& e) -> json {
            return {{"type", "poll.controlled"}, {"pollId", e.poll_id}, {"action", to_string(e.action)}, {"at", e.at}};
          },
          [](const QuickPollLaunched& e) -> json {
            return {{"type", "poll.launched"}, {"pollId", e.poll_id}, {"settings", poll_settings_json(e.settings)}, {"at", e.at}};
          },
          [](const CardSubmitted& e) -> json {
            return {{"type", "card.submitted"}, {"phase", e.phase}, {"cardId", e.card_id}, {"text", e.text}};
          },
          [](const CardsReleased& e) -> json { return {{"type", "cards.released"}, {"phase", e.phase}, {"seed", e.seed}}; },
          [](const CardModerated& e) -> json {
            return {{"type", "card.moderated"}, {"phase", e.phase}, {"cardId", e.card_id}, {"action", to_string(e.action)}};
          },
          [](const CardsMerged& e) -> json {
            return {{"type", "cards.merged"}, {"phase", e.phase}, {"cardId", e.card_id}, {"intoId", e.into_id}};
          },
          [](const CardVoteChanged& e) -> json {
            return {{"type", "card.vote"}, {"phase", e.phase}, {"cardId", e.card_id}, {"voterKey", e.voter_key}, {"vote", e.vote}};
          },
          [](const CardGroupRenamed& e) -> json {
            return {{"type", "card.group.renamed"}, {"phase", e.phase}, {"groupId", e.group_id}, {"name", e.name}};
          },
      },
      event);
}

}  // namespace huddle::store
