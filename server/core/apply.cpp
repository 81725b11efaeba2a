// apply(): folds one event into the state. It trusts the event (decide() or the journal vouched for it) and
// cannot fail, so replay and live updates take exactly the same path.
#include "core/display_name.hpp"
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
  std::visit(overloaded{
                 [&](const SessionCreated& e) {
                   s.code = e.code;
                   s.facilitator_key_hash = e.facilitator_key_hash;
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
                   s.by_token_hash.erase(p->token_hash);
                   auto name = s.names_in_use.find(fold_display_name(p->name));
                   if (name != s.names_in_use.end() && --name->second == 0) s.names_in_use.erase(name);
                   --s.active_count;
                 },
                 [&](const PresenceChanged& e) {
                   Participant* p = s.find(e.participant_id);
                   if (p && p->active) set_connections(s, *p, p->connections + e.delta);
                 },
                 [&](const PhaseChanged& e) {
                   s.phase = e.phase;
                   s.phase_started_at = e.at;
                   if (s.status == SessionStatus::lobby) s.status = SessionStatus::running;
                 },
                 [&](const SessionEnded&) { s.status = SessionStatus::ended; },
             },
             event);
}

}  // namespace huddle::core
