#include "core/fishbowl/fishbowl_settings.hpp"

namespace huddle::core {

FishbowlSettings FishbowlSettings::from_activity(const nlohmann::json& activity) {
  FishbowlSettings s;
  s.topic = activity.value("topic", std::string{});
  s.seats = activity.value("seats", s.seats);
  s.empty_chair = activity.value("emptyChair", s.empty_chair);
  s.volunteer = activity.value("seating", std::string{"volunteer"}) != "facilitator";
  s.named = activity.value("observations", std::string{"anonymous"}) == "named";
  if (auto prompt = activity.value("prompt", std::string{}); !prompt.empty()) s.prompt = std::move(prompt);
  return s;
}

}  // namespace huddle::core
