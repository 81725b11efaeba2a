#include "scenario/scenario_catalog.hpp"

#include "scenario/scenario_parser.hpp"

namespace huddle::scenario {

namespace fs = std::filesystem;

ScenarioCatalog::ScenarioCatalog(fs::path folder, ErrorSink on_error)
    : folder_(std::move(folder)), on_error_(std::move(on_error)) {}

void ScenarioCatalog::refresh() {
  std::lock_guard lock(mutex_);
  refresh_locked();
}

void ScenarioCatalog::refresh_locked() {
  auto scan = folder_.scan();
  for (const auto& name : scan.removed) scenarios_.erase(name);
  for (const auto& file : scan.changed) {
    std::shared_ptr<const core::Scenario> scenario;  // null while the file is invalid
    if (!file.text) {
      on_error_(ScenarioError{file.name, 0, 0, "", "file is larger than 1 MiB"});
    } else {
      auto parsed = parse_scenario(*file.text, file.name);
      if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) {
        for (const auto& e : *errors) on_error_(e);
      } else {
        scenario = std::get<std::shared_ptr<const core::Scenario>>(parsed);
      }
    }
    scenarios_[file.name] = std::move(scenario);
  }
}

std::shared_ptr<const core::Scenario> ScenarioCatalog::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  refresh_locked();
  auto it = scenarios_.find(id + ".json");
  return it == scenarios_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const core::Scenario>> ScenarioCatalog::list() {
  std::lock_guard lock(mutex_);
  refresh_locked();
  std::vector<std::shared_ptr<const core::Scenario>> out;
  for (const auto& [name, scenario] : scenarios_) {
    if (scenario) out.push_back(scenario);
  }
  return out;
}

}  // namespace huddle::scenario
