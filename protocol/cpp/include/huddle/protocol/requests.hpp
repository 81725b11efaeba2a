#pragma once
// The bodies of every client request (PROTOCOL.md, "Requests"). They are the alternatives of one variant,
// so they live together: each is a plain field bag, parsed strictly by request_parser.cpp.
#include <cstdint>
#include <string>
#include <variant>

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
  std::string name;
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
struct SessionEnd {};
struct PhasePause {};
struct PhaseResume {};
struct PhaseExtend {
  std::int64_t seconds = 0;
};

using RequestBody = std::variant<Hello, SessionCreate, FacilitatorAttach, Join, Resume, Leave, Resync, PhaseNext,
                                 PhaseBack, PhaseGoto, ParticipantRemove, SessionEnd, PhasePause, PhaseResume,
                                 PhaseExtend>;

// The wire name of a request body ("phase.goto"), for logs and replies.
const char* type_name(const RequestBody& body) noexcept;

}  // namespace huddle::protocol
