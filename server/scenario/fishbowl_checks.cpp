// fishbowl: a small inner circle talks or plays while everyone else watches and writes observations.
#include <array>

#include "scenario/activity_checks.hpp"

namespace huddle::scenario {

void check_fishbowl(FieldChecker& c, const nlohmann::json& activity, const std::string& at,
                    const ActivityContext& context) {
  static constexpr std::array<std::string_view, 7> fields{"kind",    "topic",        "seats", "emptyChair",
                                                          "seating", "observations", "prompt"};
  static constexpr std::array<std::string_view, 2> seating_modes{"volunteer", "facilitator"};
  static constexpr std::array<std::string_view, 2> observation_modes{"named", "anonymous"};
  if (context.pod) {
    c.fail(pointer_to(at, "kind"),
           "a fishbowl is not allowed in a pod (mode \"pod\"): a pod has no outer circle to watch; use a roleplay "
           "or another activity");
  }
  c.allow_only(activity, at, "a fishbowl", fields);
  c.text(activity, at, "topic", Need::required, {1, 1000});
  c.whole_number(activity, at, "seats", Need::optional, 2, 8);
  c.flag(activity, at, "emptyChair", Need::optional);
  c.choice(activity, at, "seating", Need::optional, seating_modes);
  c.choice(activity, at, "observations", Need::optional, observation_modes);
  c.text(activity, at, "prompt", Need::optional, {0, 300});
}

}  // namespace huddle::scenario
