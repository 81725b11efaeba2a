#pragma once
// The rules of polls and confusion cards inside a session: decide_x() checks one activity command against the
// state (pure, no change) and apply_activity() folds activity events in. decide()/apply() in rules.hpp call
// these; they are separate so the phase engine stays readable.
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/command.hpp"
#include "core/event.hpp"
#include "core/millis.hpp"
#include "core/outcome.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

// Sessions may launch this many quick polls: enough for any workshop, bounded so a stuck button cannot
// grow the state without end.
inline constexpr int max_quick_polls = 100;

// The key a participant's ballot is filed under. A ballot already under their participant id (cast while the
// poll was named) stays there, so turning a poll anonymous never lets anyone vote twice; otherwise an
// anonymous poll uses the anonymous key and a named poll the participant id.
const std::string& voter_key_for(const Poll& poll, const std::string& participant_id, const std::string& anonymous_key);

Outcome decide_cast(const SessionState& s, const Actor& actor, const CastBallot& c);
Outcome decide_withdraw(const SessionState& s, const Actor& actor, const WithdrawBallot& c);
Outcome decide_control(const SessionState& s, const ControlPoll& c, Millis now);
Outcome decide_quick_poll(const SessionState& s, const LaunchQuickPoll& c, Millis now);
Outcome decide_submit_card(const SessionState& s, const SubmitCard& c);
Outcome decide_vote_card(const SessionState& s, const VoteCard& c);
Outcome decide_moderate(const SessionState& s, const ModerateCard& c);
Outcome decide_merge(const SessionState& s, const MergeCards& c);
Outcome decide_release(const SessionState& s, const ReleaseCards& c);
Outcome decide_rename_group(const SessionState& s, const RenameCardGroup& c);

// Polls whose own timer is due by `now`, as the events that close them (stamped with their deadline).
std::vector<Event> due_poll_closings(const SessionState& s, Millis now);
// The earliest moment an open poll's timer closes it, if any.
std::optional<Millis> next_poll_deadline(const SessionState& s);

// Activity bookkeeping of a phase change, before the state's phase moves from `s.phase` to `next`: the
// polls and board of the phase being left close; the next phase's poll or board is created (or found again)
// and shown.
void change_phase_activity(SessionState& s, std::optional<int> next, Millis at);
// The session ended: nothing takes ballots or cards any more.
void end_activity(SessionState& s);

// Folds one activity event into the state; other events are ignored.
void apply_activity(SessionState& s, const Event& event);

}  // namespace huddle::core
