// info: text for everyone (a welcome, a model, a break, the close).
#include <array>

#include "scenario/activity_checks.hpp"

namespace huddle::scenario {

void check_info(FieldChecker& c, const nlohmann::json& activity, const std::string& at, const ActivityContext&) {
  static constexpr std::array<std::string_view, 2> fields{"kind", "text"};
  c.allow_only(activity, at, "an info activity", fields);
  c.text(activity, at, "text", Need::required, {1, 4000});
}

}  // namespace huddle::scenario
