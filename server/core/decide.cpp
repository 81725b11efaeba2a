// decide(): every rule about who may do what, and what a command causes. Pure: state and time in, events out.
#include <algorithm>
#include <string>

#include "core/limits.hpp"

#include "core/activity_rules.hpp"
#include "core/breakout_rules.hpp"
#include "core/display_name.hpp"
#include "core/fishbowl_rules.hpp"
#include "core/overloaded.hpp"
#include "core/rules.hpp"

namespace huddle::core {

using protocol::ErrorCode;

Actor::Kind required_role(const Command& command) noexcept {
  return std::visit(overloaded{
                        [](const JoinSession&) { return Actor::Kind::visitor; },
                        [](const Connect&) { return Actor::Kind::system; },
                        [](const Disconnect&) { return Actor::Kind::system; },
                        [](const LeaveSession&) { return Actor::Kind::participant; },
                        [](const RemoveParticipant&) { return Actor::Kind::facilitator; },
                        [](const LockSession&) { return Actor::Kind::facilitator; },
                        [](const RemoveJoinedSince&) { return Actor::Kind::facilitator; },
                        [](const NextPhase&) { return Actor::Kind::facilitator; },
                        [](const PreviousPhase&) { return Actor::Kind::facilitator; },
                        [](const GotoPhase&) { return Actor::Kind::facilitator; },
                        [](const EndSession&) { return Actor::Kind::facilitator; },
                        [](const PauseTimer&) { return Actor::Kind::facilitator; },
                        [](const ResumeTimer&) { return Actor::Kind::facilitator; },
                        [](const ExtendTimer&) { return Actor::Kind::facilitator; },
                        [](const Tick&) { return Actor::Kind::system; },
                        [](const CastBallot&) { return Actor::Kind::participant; },
                        [](const WithdrawBallot&) { return Actor::Kind::participant; },
                        [](const ControlPoll&) { return Actor::Kind::facilitator; },
                        [](const LaunchQuickPoll&) { return Actor::Kind::facilitator; },
                        [](const SubmitCard&) { return Actor::Kind::participant; },
                        [](const VoteCard&) { return Actor::Kind::participant; },
                        [](const ModerateCard&) { return Actor::Kind::facilitator; },
                        [](const MergeCards&) { return Actor::Kind::facilitator; },
                        [](const ReleaseCards&) { return Actor::Kind::facilitator; },
                        [](const RenameCardGroup&) { return Actor::Kind::facilitator; },
                        [](const FormRooms&) { return Actor::Kind::facilitator; },
                        [](const MoveToRoom&) { return Actor::Kind::facilitator; },
                        [](const ChooseRoom&) { return Actor::Kind::participant; },
                        [](const StartRounds&) { return Actor::Kind::facilitator; },
                        [](const AddRoomTime&) { return Actor::Kind::facilitator; },
                        [](const CallBackRooms&) { return Actor::Kind::facilitator; },
                        [](const AskForHelp&) { return Actor::Kind::participant; },
                        [](const ClearHelp&) { return Actor::Kind::facilitator; },
                        [](const SaveChecklist&) { return Actor::Kind::participant; },
                        [](const Announce&) { return Actor::Kind::facilitator; },
                        [](const TapIn&) { return Actor::Kind::participant; },
                        [](const TapOut&) { return Actor::Kind::participant; },
                        [](const SeatInFishbowl&) { return Actor::Kind::facilitator; },
                        [](const UnseatFromFishbowl&) { return Actor::Kind::facilitator; },
                        [](const WriteObservation&) { return Actor::Kind::participant; },
                        [](const SurfaceObservation&) { return Actor::Kind::facilitator; },
                    },
                    command);
}

namespace {

const char* role_phrase(Actor::Kind kind) {
  switch (kind) {
    case Actor::Kind::facilitator: return "Only the facilitator can do that.";
    case Actor::Kind::participant: return "Only a participant who has joined can do that.";
    case Actor::Kind::visitor: return "You have already joined this session.";
    case Actor::Kind::system: return "That is done by the server only.";
  }
  return "Not allowed.";
}

Outcome decide_join(const SessionState& s, const JoinSession& c, Millis now) {
  if (s.locked) {
    return Outcome::refuse(ErrorCode::session_locked,
                           "This session is locked: the facilitator is not letting anyone new in right now. "
                           "Ask them to unlock it.");
  }
  if (s.active_count >= s.max_participants) {
    if (s.scenario && s.scenario->mode == "pod") {
      return Outcome::refuse(ErrorCode::session_full, "This pod is full: a pod practises with at most " +
                                                          std::to_string(s.max_participants) +
                                                          " people. Start a pod of your own and share its code.");
    }
    return Outcome::refuse(ErrorCode::session_full, "This session is full (" + std::to_string(s.max_participants) +
                                                        " participants). Ask the facilitator for help.");
  }
  auto cleaned = clean_participant_name(c.name);
  if (auto* rejection = std::get_if<Rejection>(&cleaned)) return Outcome{{}, *rejection};
  std::string name = std::get<std::string>(std::move(cleaned));
  // Two people may well share a first name: keep both in, numbered, rather than turn one away.
  if (s.names_in_use.contains(fold_display_name(name))) {
    std::string numbered;
    for (int n = 2;; ++n) {
      numbered = numbered_display_name(name, n);
      if (!s.names_in_use.contains(fold_display_name(numbered))) break;
    }
    name = std::move(numbered);
  }
  Outcome out{{ParticipantJoined{c.participant_id, std::move(name), c.token_hash, now}}, {}};
  for (auto& placed : place_newcomer(s, c.participant_id)) out.events.push_back(std::move(placed));
  return out;
}

// Each removal is the single removal's events, decided on the state the previous removals left, so a
// fishbowl queue or seat freed by one is right for the next.
Outcome decide_remove_joined_since(const SessionState& s, const RemoveJoinedSince& c, Millis now) {
  if (c.since < 0) return Outcome::refuse(ErrorCode::invalid_field, "field 'since' must be a server time (ms), 0 or more");
  Outcome out;
  std::optional<SessionState> after;
  for (const Participant& p : s.participants) {
    if (!p.active || p.joined_at < c.since) continue;
    if (!after) after = s;
    std::vector<Event> events = fishbowl_leaver_events(*after, p.id, now);
    events.insert(events.begin(), ParticipantLeft{p.id, true, now});
    for (auto& e : events) {
      core::apply(*after, e);
      out.events.push_back(std::move(e));
    }
  }
  return out;
}

Outcome decide_phase(const SessionState& s, long long target) {
  const auto count = static_cast<long long>(s.scenario->phases.size());
  if (target < 0 || target >= count) {
    return Outcome::refuse(ErrorCode::phase_invalid, "There is no phase at index " + std::to_string(target) +
                                                         "; this scenario's phases are numbered 0 to " +
                                                         std::to_string(count - 1) + ".");
  }
  return Outcome{{PhaseChanged{static_cast<int>(target), 0}}, {}};
}

// A peer pod has no facilitator: its members move through the phases and run the role-play themselves.
// Everything else a facilitator does (removing people, moderating, announcing) has no place in a pod.
bool pod_member_may(const SessionState& s, const Actor& actor, const Command& command) {
  if (actor.kind != Actor::Kind::participant || !s.scenario || s.scenario->mode != "pod") return false;
  // Revealing a poll's hidden results is the one poll control a pod needs: there is no console that sees them.
  if (const auto* control = std::get_if<ControlPoll>(&command)) return control->action == PollAction::reveal;
  return std::holds_alternative<NextPhase>(command) || std::holds_alternative<PreviousPhase>(command) ||
         std::holds_alternative<StartRounds>(command) || std::holds_alternative<AddRoomTime>(command);
}

Outcome decide_tick(const SessionState& s, Millis now) {
  Outcome out;
  out.events = due_poll_closings(s, now);
  auto rooms = due_breakout_events(s, now);
  const auto rounds_end = rounds_end_at(s, rooms);
  for (auto& e : rooms) out.events.push_back(std::move(e));
  const bool has_next = s.phase && *s.phase + 1 < static_cast<int>(s.scenario->phases.size());
  if (rounds_end && has_next && s.scenario->phases[static_cast<std::size_t>(*s.phase)].auto_advance) {
    // A role-play with autoAdvance moves on when its last room finishes its last round.
    out.events.push_back(PhaseChanged{*s.phase + 1, *rounds_end});
    return out;
  }
  if (!s.timer || !s.timer->running()) return out;
  const Millis deadline = *s.timer->deadline;
  if (now >= deadline) {
    // Stamped with the deadline, not with when the timer happened to fire: the agenda keeps to its plan
    // and the next phase's clock starts where the last one stopped.
    out.events.push_back(TimerExpired{deadline});
    const auto& phase = s.scenario->phases[static_cast<std::size_t>(*s.phase)];
    // A role-play's countdown is its plan (rounds x timeline, or as written) while its rooms keep their own
    // clocks, which start when the facilitator starts the rounds: ending the phase here could cut a round.
    const bool roleplay = phase.activity_kind == "roleplay";
    if (phase.auto_advance && has_next && !roleplay) out.events.push_back(PhaseChanged{*s.phase + 1, deadline});
  } else if (!s.timer->warned && now >= deadline - warning_lead_ms(s.timer->duration_ms)) {
    out.events.push_back(TimerWarned{now});
  }
  return out;
}

Outcome decide_timer(const SessionState& s, const Command& command, Millis now) {
  if (!s.timer) return Outcome::refuse(ErrorCode::phase_invalid, "This phase has no timer.");
  const PhaseTimer& t = *s.timer;
  return std::visit(
      overloaded{
          [&](const PauseTimer&) {
            if (t.remaining_ms) return Outcome::refuse(ErrorCode::phase_invalid, "The timer is already paused.");
            if (t.time_up) return Outcome::refuse(ErrorCode::phase_invalid, "Time is already up for this phase.");
            return Outcome{{TimerPaused{now}}, {}};
          },
          [&](const ResumeTimer&) {
            if (!t.remaining_ms) return Outcome::refuse(ErrorCode::phase_invalid, "The timer is not paused.");
            return Outcome{{TimerResumed{now}}, {}};
          },
          [&](const ExtendTimer& c) {
            if (c.seconds == 0 || c.seconds > max_phase_extension_seconds || c.seconds < -max_phase_extension_seconds) {
              return Outcome::refuse(ErrorCode::invalid_field,
                                     "field 'seconds' must be 1 to " + std::to_string(max_phase_extension_seconds) +
                                         " (or -1 to -" + std::to_string(max_phase_extension_seconds) + ")");
            }
            return Outcome{{TimerExtended{c.seconds * 1000, now}}, {}};
          },
          [&](const auto&) { return Outcome::refuse(ErrorCode::internal, "not a timer command"); },
      },
      command);
}

}  // namespace

Millis warning_lead_ms(Millis duration_ms) {
  const auto share = static_cast<Millis>(static_cast<double>(duration_ms) * phase_warning_share);
  return std::clamp<Millis>(share, phase_warning_min_ms, phase_warning_max_ms);
}

std::optional<Millis> next_wakeup(const SessionState& s) {
  if (s.status != SessionStatus::running) return std::nullopt;
  std::optional<Millis> wake = next_poll_deadline(s);
  if (auto rooms = next_breakout_deadline(s); rooms && (!wake || *rooms < *wake)) wake = rooms;
  if (s.timer && s.timer->running()) {
    const Millis deadline = *s.timer->deadline;
    const Millis phase_wake = s.timer->warned ? deadline : deadline - warning_lead_ms(s.timer->duration_ms);
    if (!wake || phase_wake < *wake) wake = phase_wake;
  }
  return wake;
}

Outcome decide(const SessionState& s, const Actor& actor, const Command& command, Millis now) {
  const Actor::Kind needed = required_role(command);
  if (actor.kind != needed && !pod_member_may(s, actor, command)) return Outcome::refuse(ErrorCode::forbidden, role_phrase(needed));
  const bool presence_only = std::holds_alternative<Connect>(command) || std::holds_alternative<Disconnect>(command);
  if (s.status == SessionStatus::ended && !presence_only) {
    return Outcome::refuse(ErrorCode::session_ended, "This session has ended.");
  }

  Outcome out = std::visit(
      overloaded{
          [&](const JoinSession& c) { return decide_join(s, c, now); },
          [&](const Connect& c) {
            const Participant* p = s.find(c.participant_id);
            if (!p || !p->active) return Outcome::refuse(ErrorCode::participant_not_found, "No such participant.");
            Outcome back{{PresenceChanged{c.participant_id, +1}}, {}};
            for (auto& placed : place_returning(s, c.participant_id)) back.events.push_back(std::move(placed));
            return back;
          },
          [&](const Disconnect& c) {
            const Participant* p = s.find(c.participant_id);
            // A removed participant's connections close after removal already zeroed them: nothing to do.
            if (!p || !p->active || p->connections == 0) return Outcome{};
            return Outcome{{PresenceChanged{c.participant_id, -1}}, {}};
          },
          [&](const LeaveSession&) {
            const Participant* p = s.find(actor.participant_id);
            if (!p || !p->active) return Outcome::refuse(ErrorCode::not_in_session, "You are not in this session.");
            Outcome left{{ParticipantLeft{actor.participant_id, false, now}}, {}};
            for (auto& e : fishbowl_leaver_events(s, actor.participant_id, now)) left.events.push_back(std::move(e));
            return left;
          },
          [&](const RemoveParticipant& c) {
            const Participant* p = s.find(c.participant_id);
            if (!p || !p->active) {
              return Outcome::refuse(ErrorCode::participant_not_found, "That participant is not in the session.");
            }
            Outcome left{{ParticipantLeft{c.participant_id, true, now}}, {}};
            for (auto& e : fishbowl_leaver_events(s, c.participant_id, now)) left.events.push_back(std::move(e));
            return left;
          },
          [&](const LockSession& c) {
            if (c.locked == s.locked) return Outcome{};  // already so: nothing to record
            return Outcome{{SessionLocked{c.locked, now}}, {}};
          },
          [&](const RemoveJoinedSince& c) { return decide_remove_joined_since(s, c, now); },
          [&](const NextPhase&) {
            if (s.phase && *s.phase + 1 >= static_cast<int>(s.scenario->phases.size())) {
              return Outcome::refuse(ErrorCode::phase_invalid, "This is the last phase.");
            }
            return decide_phase(s, s.phase ? *s.phase + 1 : 0);
          },
          [&](const PreviousPhase&) {
            if (!s.phase || *s.phase == 0) return Outcome::refuse(ErrorCode::phase_invalid, "This is the first phase.");
            return decide_phase(s, *s.phase - 1);
          },
          [&](const GotoPhase& c) { return decide_phase(s, c.index); },
          [&](const EndSession&) { return Outcome{{SessionEnded{now}}, {}}; },
          [&](const PauseTimer&) { return decide_timer(s, command, now); },
          [&](const ResumeTimer&) { return decide_timer(s, command, now); },
          [&](const ExtendTimer&) { return decide_timer(s, command, now); },
          [&](const Tick&) { return decide_tick(s, now); },
          [&](const CastBallot& c) { return decide_cast(s, actor, c); },
          [&](const WithdrawBallot& c) { return decide_withdraw(s, actor, c); },
          [&](const ControlPoll& c) { return decide_control(s, c, now); },
          [&](const LaunchQuickPoll& c) { return decide_quick_poll(s, c, now); },
          [&](const SubmitCard& c) { return decide_submit_card(s, c); },
          [&](const VoteCard& c) { return decide_vote_card(s, c); },
          [&](const ModerateCard& c) { return decide_moderate(s, c); },
          [&](const MergeCards& c) { return decide_merge(s, c); },
          [&](const ReleaseCards& c) { return decide_release(s, c); },
          [&](const RenameCardGroup& c) { return decide_rename_group(s, c); },
          [&](const FormRooms& c) { return decide_form_rooms(s, c); },
          [&](const MoveToRoom& c) { return decide_move_to_room(s, c); },
          [&](const ChooseRoom& c) { return decide_choose_room(s, actor, c); },
          [&](const StartRounds& c) { return decide_start_rounds(s, c, now); },
          [&](const AddRoomTime& c) { return decide_add_room_time(s, c); },
          [&](const CallBackRooms& c) { return decide_call_back(s, c, now); },
          [&](const AskForHelp&) { return decide_ask_for_help(s, actor, now); },
          [&](const ClearHelp& c) { return decide_clear_help(s, c); },
          [&](const SaveChecklist& c) { return decide_save_checklist(s, actor, c); },
          [&](const Announce& c) { return decide_announce(s, c, now); },
          [&](const TapIn& c) { return decide_tap_in(s, actor, c, now); },
          [&](const TapOut&) { return decide_tap_out(s, actor, now); },
          [&](const SeatInFishbowl& c) { return decide_seat(s, c, now); },
          [&](const UnseatFromFishbowl& c) { return decide_unseat(s, c, now); },
          [&](const WriteObservation& c) { return decide_write_observation(s, actor, c); },
          [&](const SurfaceObservation& c) { return decide_surface_observation(s, c); },
      },
      command);
  // Stamp manual phase changes here so decide_phase stays a pure range check (a Tick stamps its own).
  for (auto& e : out.events) {
    if (auto* changed = std::get_if<PhaseChanged>(&e); changed && changed->at == 0) changed->at = now;
  }
  return out;
}

SessionCreated create_session(std::string code, std::string facilitator_key_hash,
                              std::shared_ptr<const Scenario> scenario, std::size_t max_participants, Millis now,
                              std::string projector_key_hash) {
  return SessionCreated{std::move(code), std::move(facilitator_key_hash), std::move(scenario), max_participants, now,
                        std::move(projector_key_hash)};
}

}  // namespace huddle::core
