#include "core/views.hpp"

namespace huddle::core {

using nlohmann::json;

json session_view(const SessionState& s) {
  json agenda = json::array();
  for (const auto& phase : s.scenario->phases) agenda.push_back({{"title", phase.title}, {"activity", phase.activity_kind}});
  json phase = nullptr;
  if (s.phase) {
    const auto& p = s.scenario->phases[static_cast<std::size_t>(*s.phase)];
    json timer = nullptr;
    if (s.timer) {
      const PhaseTimer& t = *s.timer;
      timer = {{"durationSeconds", t.duration_ms / 1000},
               {"deadline", t.deadline ? json(*t.deadline) : json(nullptr)},
               {"remainingMs", t.remaining_ms ? json(*t.remaining_ms) : json(nullptr)},
               {"paused", t.remaining_ms.has_value()},
               {"endingSoon", t.warned && !t.time_up},
               {"timeUp", t.time_up}};
    }
    phase = {{"index", *s.phase},   {"title", p.title},     {"activity", p.activity_kind},
             {"startedAt", s.phase_started_at}, {"timer", timer}, {"autoAdvance", p.auto_advance}};
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
