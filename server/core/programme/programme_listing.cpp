#include "core/programme/programme_listing.hpp"

namespace huddle::core {

nlohmann::json programme_listing(const Programme& p) {
  nlohmann::json sessions = nlohmann::json::array();
  for (std::size_t i = 0; i < p.sessions.size(); ++i) {
    const auto& s = p.sessions[i];
    sessions.push_back({{"session", i + 1},
                        {"title", s.title},
                        {"scenario", s.scenario},
                        {"mode", s.pod ? "pod" : "facilitated"},
                        {"day", s.day},
                        {"durationMinutes", s.duration_minutes}});
  }
  return {{"id", p.id},
          {"title", p.title},
          {"description", p.description},
          {"language", p.language},
          {"reflections", p.anonymous_reflections ? "anonymous" : "named"},
          {"pods", {{"size", p.pod_size}, {"rotate", p.rotate_pods ? "every-session" : "never"}}},
          {"managerChecklist", p.manager_checklist},
          {"sessions", std::move(sessions)}};
}

}  // namespace huddle::core
