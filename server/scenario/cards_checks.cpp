// cards: anonymous question cards, released in batches written by at least K different people.
#include <array>

#include "scenario/activity_checks.hpp"

namespace huddle::scenario {

void check_cards(FieldChecker& c, const nlohmann::json& activity, const std::string& at, const ActivityContext& context) {
  static constexpr std::array<std::string_view, 7> fields{"kind",      "prompt",       "releaseThreshold", "moderation",
                                                          "maxLength", "maxPerPerson", "votes"};
  static constexpr std::array<std::string_view, 2> moderation_modes{"none", "approve"};
  c.allow_only(activity, at, "a cards activity", fields);
  c.text(activity, at, "prompt", Need::required, {1, 300});
  c.whole_number(activity, at, "releaseThreshold", Need::optional, 1, 50);
  auto moderation = c.choice(activity, at, "moderation", Need::optional, moderation_modes);
  if (context.pod && moderation == "approve") {
    c.fail(pointer_to(at, "moderation"),
           "moderation \"approve\" is not allowed in a pod (mode \"pod\"): nobody should vet their peers' anonymous "
           "cards; use \"none\" or leave it out");
  }
  c.whole_number(activity, at, "maxLength", Need::optional, 20, 1000);
  c.whole_number(activity, at, "maxPerPerson", Need::optional, 1, 20);
  c.flag(activity, at, "votes", Need::optional);
}

}  // namespace huddle::scenario
