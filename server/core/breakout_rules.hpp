#pragma once
// The rules of breakout role-plays inside a session: decide_x() checks one breakout command against the state
// (pure), apply_breakout() folds breakout events in. decide()/apply() in rules.hpp call these, as they call the
// poll and card rules in activity_rules.hpp.
#include <memory>
#include <optional>
#include <vector>

#include "core/actor.hpp"
#include "core/breakouts/roleplay_settings.hpp"
#include "core/command.hpp"
#include "core/event.hpp"
#include "core/millis.hpp"
#include "core/outcome.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

// Longest facilitator announcement and observer note, in characters (PROTOCOL.md, "Limits").
inline constexpr std::size_t max_announcement_chars = 500;
inline constexpr std::size_t max_checklist_note_chars = 2000;
// The most time one breakout.time may add (or take), and the longest call-back countdown.
inline constexpr long long max_room_time_seconds = 1800;
inline constexpr long long max_call_back_seconds = 600;

// A roleplay phase's settings: those read when the scenario was loaded, or read now for a phase built by hand.
std::shared_ptr<const RoleplaySettings> roleplay_settings(const Phase& phase);
// The rooms of the current phase, if it formed any.
const Breakouts* current_breakouts(const SessionState& s);
// The settings of the current phase when it is a roleplay; null otherwise.
std::shared_ptr<const RoleplaySettings> current_roleplay(const SessionState& s);
// How long a phase is planned to last: its durationSeconds as written or, for a roleplay without one, its
// rounds times its timeline (scenarios/README.md), so a role-play shows a countdown too. None: untimed.
std::optional<int> planned_seconds(const Phase& phase);

Outcome decide_form_rooms(const SessionState& s, const FormRooms& c);
Outcome decide_move_to_room(const SessionState& s, const MoveToRoom& c);
Outcome decide_choose_room(const SessionState& s, const Actor& actor, const ChooseRoom& c);
Outcome decide_start_rounds(const SessionState& s, const StartRounds& c, Millis now);
Outcome decide_add_room_time(const SessionState& s, const AddRoomTime& c);
Outcome decide_call_back(const SessionState& s, const CallBackRooms& c, Millis now);
Outcome decide_ask_for_help(const SessionState& s, const Actor& actor, Millis now);
Outcome decide_clear_help(const SessionState& s, const ClearHelp& c);
Outcome decide_save_checklist(const SessionState& s, const Actor& actor, const SaveChecklist& c);
// An announcement of only spaces takes the current one down.
Outcome decide_announce(const SessionState& s, const Announce& c, Millis now);

// A newcomer during a roleplay phase whose rooms are open joins the smallest room (nothing when the rooms are
// placed by hand or chosen, or not formed yet).
std::vector<Event> place_newcomer(const SessionState& s, const std::string& participant_id);
// Someone who was away when the rooms were formed, coming back: placed as a newcomer is.
std::vector<Event> place_returning(const SessionState& s, const std::string& participant_id);

// Room steps and call-backs due by `now`, each stamped with its deadline.
std::vector<Event> due_breakout_events(const SessionState& s, Millis now);
// When the events `due` (from due_breakout_events) end the last round of every room still playing: the
// moment a role-play with autoAdvance moves on (its last room's last step ends). None otherwise, and when
// the rooms were called back instead.
std::optional<Millis> rounds_end_at(const SessionState& s, const std::vector<Event>& due);
// The earliest moment a room's step or the call-back is due, if any.
std::optional<Millis> next_breakout_deadline(const SessionState& s);

// Leaving a roleplay phase at `at` stops its rooms' clocks (the rooms are kept: a later phase may reuse them, and
// rounds still being played are marked interrupted, to carry on if the session comes back).
void leave_breakouts(SessionState& s, Millis at);
// Folds one breakout event into the state; other events are ignored.
void apply_breakout(SessionState& s, const Event& event);

}  // namespace huddle::core
