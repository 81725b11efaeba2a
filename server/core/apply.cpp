// apply(): folds one event into the state. It trusts the event (decide() made it, or replay() checked it
// could have) and cannot fail, so replay and live updates take exactly the same path. The few events that
// could index past the scenario change nothing when they do not fit, as a last line behind replay().
#include <algorithm>
#include <variant>

#include "core/activity_rules.hpp"
#include "core/breakout_rules.hpp"
#include "core/display_name.hpp"
#include "core/fishbowl_rules.hpp"
#include "core/overloaded.hpp"
#include "core/rules.hpp"

namespace huddle::core {

namespace {

void set_connections(SessionState& s, Participant& p, int connections) {
  const bool was_online = p.connections > 0;
  p.connections = connections < 0 ? 0 : connections;
  const bool is_online = p.connections > 0;
  if (was_online != is_online) {
    if (is_online) ++s.online_count;
    else --s.online_count;
  }
}

}  // namespace

void apply(SessionState& s, const Event& event) {
  if (std::holds_alternative<SessionCreated>(event) != (s.scenario == nullptr)) return;  // see misfit()
  std::visit(overloaded{
                 [&](const SessionCreated& e) {
                   s.code = e.code;
                   s.facilitator_key_hash = e.facilitator_key_hash;
                   s.projector_key_hash = e.projector_key_hash;
                   s.scenario = e.scenario;
                   s.max_participants = e.max_participants;
                   s.created_at = e.at;
                 },
                 [&](const ParticipantJoined& e) {
                   s.by_id[e.participant_id] = s.participants.size();
                   s.participants.push_back(Participant{e.participant_id, e.name, e.token_hash, e.at, true, 0});
                   s.by_token_hash[e.token_hash] = e.participant_id;
                   ++s.names_in_use[fold_display_name(e.name)];
                   ++s.active_count;
                 },
                 [&](const ParticipantLeft& e) {
                   Participant* p = s.find(e.participant_id);
                   if (!p || !p->active) return;
                   set_connections(s, *p, 0);
                   p->active = false;
                   p->left_at = e.at;
                   p->removed = e.removed;
                   s.by_token_hash.erase(p->token_hash);
                   auto name = s.names_in_use.find(fold_display_name(p->name));
                   if (name != s.names_in_use.end() && --name->second == 0) s.names_in_use.erase(name);
                   --s.active_count;
                 },
                 [&](const SessionLocked& e) { s.locked = e.locked; },
                 [&](const PresenceChanged& e) {
                   Participant* p = s.find(e.participant_id);
                   if (p && p->active) set_connections(s, *p, p->connections + e.delta);
                 },
                 [&](const PhaseChanged& e) {
                   if (e.phase && (*e.phase < 0 || static_cast<std::size_t>(*e.phase) >= s.scenario->phases.size())) return;
                   leave_breakouts(s, e.at);
                   change_phase_activity(s, e.phase, e.at);
                   change_phase_fishbowl(s, e.phase, e.at);
                   s.phase = e.phase;
                   if (e.phase) s.phase_log.push_back({*e.phase, e.at});
                   s.phase_started_at = e.at;
                   if (s.status == SessionStatus::lobby) s.status = SessionStatus::running;
                   s.timer.reset();
                   if (!e.phase) return;
                   const auto planned = planned_seconds(s.scenario->phases[static_cast<std::size_t>(*e.phase)]);
                   if (planned) {
                     const Millis duration = Millis{*planned} * 1000;
                     s.timer = PhaseTimer{duration, e.at + duration, std::nullopt, false, false};
                   }
                 },
                 [&](const SessionEnded& e) {
                   s.status = SessionStatus::ended;
                   s.ended_at = e.at;
                   end_activity(s);
                   end_fishbowls(s, e.at);
                 },
                 [&](const TimerPaused& e) {
                   if (!s.timer || !s.timer->deadline) return;
                   s.timer->remaining_ms = std::max<Millis>(0, *s.timer->deadline - e.at);
                   s.timer->deadline.reset();
                 },
                 [&](const TimerResumed& e) {
                   if (!s.timer || !s.timer->remaining_ms) return;
                   s.timer->deadline = e.at + *s.timer->remaining_ms;
                   s.timer->remaining_ms.reset();
                 },
                 [&](const TimerExtended& e) {
                   if (!s.timer) return;
                   PhaseTimer& t = *s.timer;
                   t.duration_ms = std::max<Millis>(0, t.duration_ms + e.by_ms);
                   Millis remaining = 0;
                   if (t.remaining_ms) {
                     remaining = *t.remaining_ms = std::max<Millis>(0, *t.remaining_ms + e.by_ms);
                   } else {
                     // After time is up, added time runs from now.
                     const Millis from = t.time_up ? e.at : *t.deadline;
                     t.deadline = std::max<Millis>(e.at, from + e.by_ms);
                     remaining = *t.deadline - e.at;
                     if (remaining > 0) t.time_up = false;
                   }
                   t.warned = remaining <= warning_lead_ms(t.duration_ms) && t.warned;
                 },
                 [&](const TimerWarned&) {
                   if (s.timer) s.timer->warned = true;
                 },
                 [&](const TimerExpired&) {
                   if (s.timer) s.timer->time_up = true;
                 },
                 [&](const auto&) {  // polls, cards, breakouts and fishbowls
                   apply_activity(s, event);
                   apply_breakout(s, event);
                   apply_fishbowl(s, event);
                 },
             },
             event);
}

}  // namespace huddle::core
