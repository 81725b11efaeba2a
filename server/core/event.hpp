#pragma once
// What happened to a session. The structs are the alternatives of Event and live together; apply() folds
// them into SessionState and the journal stores the durable ones.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/cards/card_action.hpp"
#include "core/millis.hpp"
#include "core/polls/ballot.hpp"
#include "core/polls/poll_action.hpp"
#include "core/polls/poll_settings.hpp"
#include "core/scenario.hpp"

namespace huddle::core {

struct SessionCreated {
  std::string code;
  std::string facilitator_key_hash;
  std::shared_ptr<const Scenario> scenario;
  std::size_t max_participants = 0;
  Millis at = 0;
  // The projector code's hash (""=none: a pod, or a session journaled before projector codes existed).
  std::string projector_key_hash = {};
};
struct ParticipantJoined {
  std::string participant_id;
  std::string name;
  std::string token_hash;
  Millis at = 0;
};
struct ParticipantLeft {
  std::string participant_id;
  bool removed = false;  // by the facilitator, rather than by choice
  Millis at = 0;
};
struct SessionLocked {  // new joins refused (locked) or welcome again
  bool locked = true;
  Millis at = 0;
};
struct PresenceChanged {  // not journaled: after a restart nobody is connected until they come back
  std::string participant_id;
  int delta = 0;  // +1 a connection opened, -1 one closed
};
struct PhaseChanged {
  std::optional<int> phase;
  Millis at = 0;
};
struct SessionEnded {
  Millis at = 0;
};
struct TimerPaused {
  Millis at = 0;
};
struct TimerResumed {
  Millis at = 0;
};
struct TimerExtended {
  Millis by_ms = 0;
  Millis at = 0;
};
struct TimerWarned {  // the phase is almost over
  Millis at = 0;
};
struct TimerExpired {
  Millis at = 0;
};

// Polls. Ballot events carry no time: in an anonymous poll, when someone voted could help say who they are.
struct BallotCast {
  std::string poll_id;
  std::string voter_key;  // an anonymous key, or in a named poll the participant id
  Ballot ballot;
  std::optional<std::string> voter_name;  // named polls only
};
struct BallotWithdrawn {
  std::string poll_id;
  std::string voter_key;
};
// A poll that became anonymous, its ballots re-keyed (hub, SessionHost::anonymize_ballots): the whole set of
// current ballots, in key order, under keys that are not participant ids and with no names. It replaces the
// poll's ballots, so the named ballot events before it can be (and are) deleted from the journal.
struct BallotsRekeyed {
  std::string poll_id;
  std::vector<std::pair<std::string, Ballot>> ballots;  // voter key -> ballot, in key order
};
struct PollControlled {
  std::string poll_id;
  PollAction action = PollAction::close;
  Millis at = 0;  // a reopened poll's timer runs from here
};
struct QuickPollLaunched {
  std::string poll_id;
  PollSettings settings;
  Millis at = 0;
};

// Confusion cards, on the board of phase `phase`. None carries an author or a time.
struct CardSubmitted {
  int phase = 0;
  std::string card_id;
  std::string text;
};
struct CardsReleased {  // the holding pen, shuffled with `seed`, goes on the record as one batch
  int phase = 0;
  std::uint64_t seed = 0;
};
struct CardModerated {
  int phase = 0;
  std::string card_id;
  CardAction action = CardAction::approve;
};
struct CardsMerged {
  int phase = 0;
  std::string card_id;
  std::string into_id;
};
struct CardVoteChanged {
  int phase = 0;
  std::string card_id;
  std::string voter_key;
  bool vote = true;
};
struct CardGroupRenamed {
  int phase = 0;
  std::string group_id;
  std::string name;
};

// Breakout role-plays, on the roleplay phase `phase`. Rooms are numbered from 0 here (1 on screen).
struct RoomsFormed {  // the rooms, as formed (the seed is spent: replay never forms them again)
  int phase = 0;
  std::vector<std::vector<std::string>> rooms;
  std::string forming;  // how: auto, new-partners, reuse, manual or choose (participants pick their own room)
  // People left out because they were away at forming: each goes to a room, as a late joiner, when they come back.
  std::vector<std::string> away{};
};
struct RoomMemberMoved {
  int phase = 0;
  std::string participant_id;
  int room = -1;  // -1: in no room
};
struct RoundsStarted {  // every room starts round 1 at its first step
  int phase = 0;
  Millis at = 0;
  // Rounds interrupted by leaving the phase carry on where they stopped (each room's step with the time it had left)
  // instead of starting again from round 1.
  bool resume = false;
};
struct RoomStepAdvanced {  // one room's step ended (stamped with its deadline): next step, round, or done
  int phase = 0;
  int room = 0;
  Millis at = 0;
};
struct RoomTimeAdded {
  int phase = 0;
  int room = -1;  // -1: every room still running
  Millis ms = 0;
};
struct RoomsCalledBack {  // everyone back to the main room at close_at
  int phase = 0;
  Millis close_at = 0;
};
struct RoomsClosed {
  int phase = 0;
  Millis at = 0;
};
struct HelpRequested {
  int phase = 0;
  int room = 0;
  Millis at = 0;
};
struct HelpCleared {
  int phase = 0;
  int room = 0;
};
struct ChecklistSaved {  // an observer's ticks and note for one round (named: the room reads them together)
  int phase = 0;
  int room = 0;
  int round = 0;
  std::string participant_id;
  std::vector<int> ticked;
  std::string note;
};
struct Announced {  // a message from the facilitator to everyone, rooms included
  std::string text;
  Millis at = 0;
};

// Feedback fishbowls, on the fishbowl phase `phase`. Seats are numbered from 0 here; the empty chair is last.
struct FishbowlSeated {  // `participant_id` sits down in `seat` (its occupant stands up); empty id: the seat is freed
  int phase = 0;
  int seat = 0;
  std::string participant_id;
  Millis at = 0;
};
struct FishbowlQueued {  // joins (or leaves) the queue for the inner circle
  int phase = 0;
  std::string participant_id;
  bool queued = true;
};
struct ObservationWritten {  // no time, and an author only when the fishbowl's observations are named
  int phase = 0;
  std::string observation_id;
  std::string text;
  std::string author_id;
};
// An anonymous observation goes into its fishbowl's holding pen (no author, no time), and out with the rest of
// the pen in one shuffled batch (`seed`) once enough different people have written: like confusion cards.
// `guessable`: the batch went out because the outer circle was smaller than K, so its writers may be guessed
// (the facilitator's console says so).
struct ObservationHeld {
  int phase = 0;
  std::string observation_id;
  std::string text;
};
struct ObservationsReleased {
  int phase = 0;
  std::uint64_t seed = 0;
  bool guessable = false;
};
struct ObservationSurfaced {
  int phase = 0;
  std::string observation_id;
  bool surfaced = true;
};

using Event = std::variant<SessionCreated, ParticipantJoined, ParticipantLeft, SessionLocked, PresenceChanged, PhaseChanged,
                           SessionEnded, TimerPaused, TimerResumed, TimerExtended, TimerWarned, TimerExpired,
                           BallotCast, BallotWithdrawn, PollControlled, QuickPollLaunched, CardSubmitted,
                           CardsReleased, CardModerated, CardsMerged, CardVoteChanged, CardGroupRenamed, RoomsFormed,
                           RoomMemberMoved, RoundsStarted, RoomStepAdvanced, RoomTimeAdded, RoomsCalledBack,
                           RoomsClosed, HelpRequested, HelpCleared, ChecklistSaved, Announced, FishbowlSeated,
                           FishbowlQueued, ObservationWritten, ObservationSurfaced, BallotsRekeyed, ObservationHeld,
                           ObservationsReleased>;

// Whether an event must reach the journal before the request that caused it is acknowledged.
bool is_durable(const Event& event) noexcept;

}  // namespace huddle::core
