#pragma once
// The bodies of every client request (PROTOCOL.md, "Requests"). They are the alternatives of one variant,
// so they live together: each is a plain field bag, parsed strictly by request_parser.cpp.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace huddle::protocol {

struct Hello {
  std::int64_t protocol = 0;
  std::string client;
};
struct SessionCreate {
  std::string scenario;
};
struct FacilitatorAttach {
  std::string code;
  std::string facilitator_key;
};
struct Join {
  std::string code;
  std::string name;    // "" when `member` is given: a cohort member joins under their enrolled name
  std::string member;  // optional: a cohort member's personal token (protocol/PROGRAMMES.md)
};
struct Resume {
  std::string code;
  std::string resume_token;
};
struct Leave {};
struct Resync {};
struct PhaseNext {};
struct PhaseBack {};
struct PhaseGoto {
  std::int64_t index = 0;
};
struct ParticipantRemove {
  std::string participant_id;
};
// Facilitator: no new joins while locked (resumes still work).
struct SessionLock {
  bool locked = true;
};
// Facilitator: removes everyone who joined at or after `since` (server time, ms), as participant.remove does.
struct ParticipantRemoveSince {
  std::int64_t since = 0;
};
struct SessionEnd {};
struct PhasePause {};
struct PhaseResume {};
struct PhaseExtend {
  std::int64_t seconds = 0;
};

struct PollVote {
  std::string poll_id;
  nlohmann::json vote;  // an object; its shape is checked against the poll by the session
};
struct PollWithdraw {
  std::string poll_id;
};
// A page of a poll's answers for the console (facilitator): open answers A to Z and a named poll's answers.
struct PollResults {
  std::string poll_id;
  std::int64_t offset = 0;  // left out: 0
  std::int64_t limit = 0;   // left out (0): the largest page
};
struct PollControl {
  std::string poll_id;
  std::string action;  // checked by the session against the actions it knows
};
struct PollQuick {
  nlohmann::json poll;  // an object with the fields of a poll activity
};
struct CardSubmit {
  std::string text;
};
struct CardVote {
  std::string card_id;
  bool vote = true;
};
struct CardModerate {
  std::string card_id;
  std::string action;
};
struct CardMerge {
  std::string card_id;
  std::string into_id;
};
struct CardRelease {
  bool force = false;
};
struct CardGroupRename {
  std::string group_id;
  std::string name;
};

struct SessionDelete {};

// Breakout role-plays. Rooms are numbered from 1 on the wire, as on screen.
struct BreakoutForm {
  std::string forming;  // optional: auto, new-partners, reuse, manual or choose ("" = the scenario's)
  bool include_away = false;  // optional: place people who are away too (default: only those online now)
};
struct BreakoutMove {
  std::string participant_id;
  std::int64_t room = 0;  // 0: out of every room
};
struct BreakoutChoose {
  std::int64_t room = 0;
};
struct BreakoutStart {
  bool restart = false;  // optional: interrupted rounds start again from round 1 instead of carrying on
};
struct BreakoutTime {
  std::int64_t seconds = 0;
  std::int64_t room = 0;  // 0 or left out: every room
};
struct BreakoutCallback {
  std::int64_t seconds = 0;
};
struct BreakoutHelp {};
struct BreakoutHelpClear {
  std::int64_t room = 0;
};
struct BreakoutChecklist {
  std::int64_t round = 0;  // from 1
  std::vector<std::int64_t> ticked;
  std::string note;
};
struct SessionAnnounce {
  std::string text;
};
// A peer pod: a session of a pod scenario that its members run themselves, with no facilitator.
struct PodCreate {
  std::string scenario;
  std::string name;  // the creator joins as this participant
};
// Feedback fishbowls. Seats are numbered from 1 on the wire; the empty chair is the last seat.
struct FishbowlTapIn {
  bool empty_chair = false;  // "seat": "empty"; "inner" or left out: an inner seat
};
struct FishbowlTapOut {};
struct FishbowlSeat {
  std::string participant_id;
  std::int64_t seat = 0;  // 0 or left out: the first free inner seat
};
struct FishbowlUnseat {
  std::string participant_id;
};
struct FishbowlObserve {
  std::string text;
};
// The facilitator asks for the session's projector code (PROTOCOL.md, "The projector").
struct ProjectorLink {};
// The room's screen attaches with the session's code and its projector code: the projector view only.
struct ProjectorAttach {
  std::string code;
  std::string projector_code;
};
struct FishbowlSurface {
  std::string observation_id;
  bool surfaced = true;  // left out: true
};

using RequestBody = std::variant<Hello, SessionCreate, FacilitatorAttach, Join, Resume, Leave, Resync, PhaseNext,
                                 PhaseBack, PhaseGoto, ParticipantRemove, SessionLock, ParticipantRemoveSince, SessionEnd, PhasePause, PhaseResume,
                                 PhaseExtend, PollVote, PollWithdraw, PollControl, PollQuick, CardSubmit, CardVote,
                                 CardModerate, CardMerge, CardRelease, CardGroupRename, SessionDelete, BreakoutForm,
                                 BreakoutMove, BreakoutChoose, BreakoutStart, BreakoutTime, BreakoutCallback,
                                 BreakoutHelp, BreakoutHelpClear, BreakoutChecklist, SessionAnnounce, PodCreate,
                                 FishbowlTapIn, FishbowlTapOut, FishbowlSeat, FishbowlUnseat, FishbowlObserve,
                                 FishbowlSurface, PollResults, ProjectorLink, ProjectorAttach>;

// The wire name of a request body ("phase.goto"), for logs and replies.
const char* type_name(const RequestBody& body) noexcept;

}  // namespace huddle::protocol
