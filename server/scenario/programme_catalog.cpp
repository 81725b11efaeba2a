#include "scenario/programme_catalog.hpp"

#include <algorithm>

#include "scenario/programme_parser.hpp"

namespace huddle::scenario {

ProgrammeCatalog::ProgrammeCatalog(std::filesystem::path folder, ScenarioCatalog& scenarios, ErrorSink on_error)
    : folder_(std::move(folder)), scenarios_(scenarios), on_error_(std::move(on_error)) {}

void ProgrammeCatalog::refresh() {
  std::lock_guard lock(mutex_);
  refresh_locked();
}

void ProgrammeCatalog::refresh_locked() {
  // A scenario file that changed is a new object in its catalog, so comparing pointers tells whether
  // anything a programme was checked against may be different.
  auto scenarios = scenarios_.list();
  const bool scenarios_changed = scenarios != checked_against_;
  auto scan = folder_.scan();
  if (scan.changed.empty() && scan.removed.empty() && !scenarios_changed) return;

  const auto lookup = ScenarioLookup::of(scenarios);
  for (const auto& name : scan.removed) files_.erase(name);
  for (auto& file : scan.changed) {
    auto& entry = files_[file.name];
    entry = Entry{std::move(file.text), nullptr, {}};
    if (!entry.text) {
      on_error_(ScenarioError{file.name, 0, 0, "", "file is larger than 1 MiB"});
      continue;
    }
    check(entry, file.name, lookup);
  }
  if (scenarios_changed) {
    for (auto& [name, entry] : files_) {
      const bool just_read = std::any_of(scan.changed.begin(), scan.changed.end(),
                                         [&](const ScriptFolder::Changed& c) { return c.name == name; });
      if (entry.text && !just_read) check(entry, name, lookup);
    }
  }
  checked_against_ = std::move(scenarios);
}

void ProgrammeCatalog::check(Entry& entry, const std::string& name, const ScenarioLookup& lookup) {
  auto parsed = parse_programme(*entry.text, name, lookup);
  if (auto* programme = std::get_if<std::shared_ptr<const core::Programme>>(&parsed)) {
    entry.programme = *programme;
    entry.reported.clear();
    return;
  }
  entry.programme = nullptr;
  const auto& errors = std::get<std::vector<ScenarioError>>(parsed);
  std::vector<std::string> described;
  for (const auto& e : errors) described.push_back(e.describe());
  // Checked again because a scenario changed, a file still wrong in the same way is not news.
  if (described == entry.reported) return;
  for (const auto& e : errors) on_error_(e);
  entry.reported = std::move(described);
}

std::shared_ptr<const core::Programme> ProgrammeCatalog::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  refresh_locked();
  auto it = files_.find(id + ".json");
  return it == files_.end() ? nullptr : it->second.programme;
}

std::vector<std::shared_ptr<const core::Programme>> ProgrammeCatalog::list() {
  std::lock_guard lock(mutex_);
  refresh_locked();
  std::vector<std::shared_ptr<const core::Programme>> out;
  for (const auto& [name, entry] : files_) {
    if (entry.programme) out.push_back(entry.programme);
  }
  return out;
}

}  // namespace huddle::scenario
