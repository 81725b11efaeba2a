#pragma once
// What someone asks a session to do. The structs are the alternatives of Command and live together;
// decide() turns a Command into events or a Rejection.
#include <string>
#include <variant>

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

using Command = std::variant<JoinSession, Connect, Disconnect, LeaveSession, RemoveParticipant, NextPhase,
                             PreviousPhase, GotoPhase, EndSession, PauseTimer, ResumeTimer, ExtendTimer, Tick>;

}  // namespace huddle::core
