#include "scenario/scenario_lookup.hpp"

#include <map>

namespace huddle::scenario {

ScenarioLookup ScenarioLookup::of(std::vector<std::shared_ptr<const core::Scenario>> scenarios) {
  auto by_id = std::make_shared<std::map<std::string, std::shared_ptr<const core::Scenario>>>();
  for (auto& s : scenarios) {
    if (s) (*by_id)[s->id] = std::move(s);
  }
  return ScenarioLookup{
      [by_id](const std::string& id) -> std::shared_ptr<const core::Scenario> {
        auto it = by_id->find(id);
        return it == by_id->end() ? nullptr : it->second;
      },
      [by_id] {
        std::vector<std::string> ids;
        for (const auto& [id, scenario] : *by_id) ids.push_back(id);
        return ids;
      }};
}

}  // namespace huddle::scenario
