#pragma once
// What someone asks a session to do. The structs are the alternatives of Command and live together;
// decide() turns a Command into events or a Rejection.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cards/card_action.hpp"
#include "core/polls/poll_action.hpp"

namespace huddle::core {

struct JoinSession {
  std::string participant_id;  // chosen by the server (random), so decide() stays deterministic
  std::string name;            // as typed; decide() validates and disambiguates it
  std::string token_hash;
};
struct Connect {  // a connection of this participant opened (system)
  std::string participant_id;
};
struct Disconnect {  // a connection of this participant closed (system)
  std::string participant_id;
};
struct LeaveSession {};
struct RemoveParticipant {
  std::string participant_id;
};
// The facilitator locks the door: while locked, nobody new may join (people already in can still resume).
struct LockSession {
  bool locked = true;
};
// The facilitator removes, in one change, everyone still in the session who joined at or after `since`
// (server time, ms): the answer to a flood of unwanted joins.
struct RemoveJoinedSince {
  long long since = 0;
};
struct NextPhase {};
struct PreviousPhase {};
struct GotoPhase {
  long long index = 0;
};
struct EndSession {};
struct PauseTimer {};
struct ResumeTimer {};
struct ExtendTimer {
  long long seconds = 0;  // may be negative: take time away
};
struct Tick {};  // the server's timer fired: time has passed (system)

// Polls. anonymous_key is the key the hub derived from the voter's secret resume token and the poll id; the
// rules choose it or the participant id depending on the poll (voter_key_for in activity_rules.hpp).
struct CastBallot {
  std::string poll_id;
  std::string anonymous_key;
  nlohmann::json vote;  // as sent; decide() parses it against the poll
};
struct WithdrawBallot {
  std::string poll_id;
  std::string anonymous_key;
};
struct ControlPoll {
  std::string poll_id;
  PollAction action = PollAction::close;
  // For "anonymous" on a poll with named ballots: each voter's new key (participant id -> key), drawn by the
  // hub (poll.hpp, "Named to anonymous"). Every named voter must have one.
  std::map<std::string, std::string> anonymous_keys{};
};
struct LaunchQuickPoll {
  nlohmann::json poll;  // the fields of a poll activity, as sent
};

// Confusion cards, always on the current phase's board. The hub counts per person in memory (the board never
// learns who writes) and draws ids and shuffle seeds from its CSPRNG, so decide() stays deterministic.
struct SubmitCard {
  std::string card_id;
  std::string text;
  std::size_t cards_written = 0;    // by this writer on this board before this card
  std::size_t writers_waiting = 0;  // different people with cards in the pen, this writer included
  std::uint64_t seed = 0;           // shuffles the batch, if this card completes one
};
struct VoteCard {
  std::string card_id;
  std::string voter_key;  // derived from the voter's secret and the board, never a participant id
  bool vote = true;       // false takes a "me too" back
};
struct ModerateCard {
  std::string card_id;
  CardAction action = CardAction::approve;
};
struct MergeCards {
  std::string card_id;  // the duplicate
  std::string into_id;
};
struct ReleaseCards {
  bool force = false;
  std::size_t writers_waiting = 0;
  std::uint64_t seed = 0;
};
struct RenameCardGroup {
  std::string group_id;
  std::string name;
};

// Breakout role-plays, on the current phase (a roleplay). Rooms are numbered from 0 here.
struct FormRooms {
  std::string forming;    // auto, new-partners, reuse, manual or choose; empty: the scenario's choice
  std::uint64_t seed = 0;  // drawn by the hub, so decide() stays deterministic
  bool include_away = false;  // place people who are away too (by default only those online now)
};
struct MoveToRoom {  // facilitator
  std::string participant_id;
  long long room = -1;  // -1: out of every room
};
struct ChooseRoom {  // a participant, when the rooms are "choose"
  long long room = 0;
};
struct StartRounds {
  bool restart = false;  // rounds interrupted by leaving the phase start again from round 1 (default: they carry on)
};
struct AddRoomTime {
  long long seconds = 0;
  long long room = -1;  // -1: every room
};
struct CallBackRooms {
  long long seconds = 0;  // countdown before the rooms close
};
struct AskForHelp {};
struct ClearHelp {
  long long room = 0;
};
struct SaveChecklist {  // an observer
  long long round = 0;  // from 0
  std::vector<long long> ticked;
  std::string note;
};
struct Announce {
  std::string text;
};

// Feedback fishbowls, on the current phase (a fishbowl). Seats are numbered from 0 here; the empty chair is last.
struct TapIn {  // a participant asks into the inner circle: a free seat, or the queue
  bool empty_chair = false;
};
struct TapOut {};  // out of the inner circle, or out of the queue
struct SeatInFishbowl {  // facilitator
  std::string participant_id;
  long long seat = -1;  // -1: the first free inner seat
};
struct UnseatFromFishbowl {  // facilitator: back to the outer circle (or out of the queue)
  std::string participant_id;
};
struct WriteObservation {  // the hub counts per person in memory, as for cards, and draws the id
  std::string observation_id;
  std::string text;
  std::size_t written = 0;  // by this writer in this fishbowl before this one
  // Anonymous fishbowls: different people (present, this writer included) with observations in the pen, as
  // the hub counts them (card_writers.hpp), and a seed for the shuffle if this one lets the pen go.
  std::size_t writers_waiting = 1;
  std::uint64_t seed = 0;
};
struct SurfaceObservation {
  std::string observation_id;
  bool surfaced = true;
};

using Command = std::variant<JoinSession, Connect, Disconnect, LeaveSession, RemoveParticipant, LockSession,
                             RemoveJoinedSince, NextPhase,
                             PreviousPhase, GotoPhase, EndSession, PauseTimer, ResumeTimer, ExtendTimer, Tick,
                             CastBallot, WithdrawBallot, ControlPoll, LaunchQuickPoll, SubmitCard, VoteCard,
                             ModerateCard, MergeCards, ReleaseCards, RenameCardGroup, FormRooms, MoveToRoom,
                             ChooseRoom, StartRounds, AddRoomTime, CallBackRooms, AskForHelp, ClearHelp,
                             SaveChecklist, Announce, TapIn, TapOut, SeatInFishbowl, UnseatFromFishbowl,
                             WriteObservation, SurfaceObservation>;

}  // namespace huddle::core
