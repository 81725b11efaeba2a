#include "core/breakouts/roleplay_settings.hpp"

namespace huddle::core {

RoleplaySettings RoleplaySettings::from_activity(const nlohmann::json& a) {
  RoleplaySettings s;
  s.situation = a.value("situation", "");
  s.group_size = a.value("groupSize", 3);
  s.rounds = a.value("rounds", 1);
  s.rotation = a.value("rotation", false);
  s.forming = a.value("forming", "auto");
  s.video_link_template = a.value("videoLinkTemplate", "");
  for (const auto& r : a.value("roles", nlohmann::json::array())) {
    s.roles.push_back({r.value("id", ""), r.value("name", ""), r.value("brief", ""),
                       r.value("checklist", std::vector<std::string>{})});
  }
  for (const auto& t : a.value("timeline", nlohmann::json::array())) {
    const std::string kind = t.value("step", "play");
    s.timeline.push_back({kind, t.value("label", kind), t.value("seconds", 60), t.value("prompt", "")});
  }
  return s;
}

int RoleplaySettings::planned_seconds() const {
  int round = 0;
  for (const auto& step : timeline) round += step.seconds;
  return rounds * round;
}

std::optional<std::string> RoleplaySettings::video_link(const std::string& code, int phase, std::size_t room) const {
  if (video_link_template.empty()) return std::nullopt;
  std::string link;
  for (std::size_t i = 0; i < video_link_template.size();) {
    if (video_link_template[i] == '{') {
      const std::size_t close = video_link_template.find('}', i);
      const std::string name = video_link_template.substr(i + 1, close - i - 1);
      if (name == "code") link += code;
      else if (name == "phase") link += std::to_string(phase + 1);
      else if (name == "room") link += std::to_string(room + 1);
      i = close + 1;
    } else {
      link += video_link_template[i++];
    }
  }
  return link;
}

}  // namespace huddle::core
