#include "core/views.hpp"

namespace huddle::core {

using nlohmann::json;

json session_view(const SessionState& s) {
  json agenda = json::array();
  for (const auto& phase : s.scenario->phases) agenda.push_back({{"title", phase.title}, {"activity", phase.activity_kind}});
  json phase = nullptr;
  if (s.phase) {
    const auto& p = s.scenario->phases[static_cast<std::size_t>(*s.phase)];
    phase = {{"index", *s.phase}, {"title", p.title}, {"activity", p.activity_kind}};
  }
  return {
      {"code", s.code},
      {"title", s.scenario->title},
      {"scenarioId", s.scenario->id},
      {"status", to_string(s.status)},
      {"phase", phase},
      {"agenda", agenda},
      {"participantCount", s.active_count},
      {"onlineCount", s.online_count},
  };
}

json roster_view(const SessionState& s) {
  json people = json::array();
  for (const auto& p : s.participants) {
    if (!p.active) continue;
    people.push_back({{"id", p.id}, {"name", p.name}, {"presence", p.connections > 0 ? "online" : "away"}});
  }
  return {{"participants", people}};
}

json me_view(const SessionState& s, const std::string& participant_id) {
  const Participant* p = s.find(participant_id);
  if (!p) return {{"participantId", participant_id}, {"name", ""}};
  return {{"participantId", p->id}, {"name", p->name}};
}

json facilitator_view(const SessionState& s) {
  json agenda = json::array();
  for (const auto& phase : s.scenario->phases) {
    agenda.push_back({{"title", phase.title}, {"activity", phase.activity_kind}, {"notes", phase.notes}});
  }
  return {{"code", s.code}, {"agenda", agenda}};
}

}  // namespace huddle::core
