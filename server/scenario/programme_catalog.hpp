#pragma once
// The programmes folder (<scenarios>/programmes) as the server sees it: every valid programme by id, checked
// against the scenario catalog. Like the scenario catalog it re-reads changed files when asked, and a
// programme whose scenario disappears (or loses a competency it rates) stops being offered until it is fixed;
// cohorts already running keep their own copy.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/programme/programme.hpp"
#include "scenario/scenario_catalog.hpp"
#include "scenario/scenario_lookup.hpp"
#include "scenario/script_folder.hpp"

namespace huddle::scenario {

class ProgrammeCatalog {
 public:
  using ErrorSink = ScenarioCatalog::ErrorSink;

  // `folder` is the programmes folder itself; one that doesn't exist holds no programmes. `scenarios` must
  // outlive the catalog (and is locked while this one is: never the other way round). `on_error` hears about
  // each bad file once per change of that file, or of what its scenarios say about it.
  ProgrammeCatalog(std::filesystem::path folder, ScenarioCatalog& scenarios, ErrorSink on_error);

  // Rescans the folder and refreshes the scenario catalog. Cheap when nothing changed (one stat per file of
  // either folder), so it runs before every lookup. When any scenario changed, every programme is checked
  // again from the text it was read with.
  void refresh();

  std::shared_ptr<const core::Programme> find(const std::string& id);
  std::vector<std::shared_ptr<const core::Programme>> list();

 private:
  struct Entry {
    std::optional<std::string> text;                  // nullopt: the file is too large to read
    std::shared_ptr<const core::Programme> programme;  // null while the file is invalid
    std::vector<std::string> reported;                // the errors last told to on_error, described
  };
  void refresh_locked();
  void check(Entry& entry, const std::string& name, const ScenarioLookup& lookup);

  ScriptFolder folder_;
  ScenarioCatalog& scenarios_;
  ErrorSink on_error_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<const core::Scenario>> checked_against_;  // the scenarios as of the last check
  std::map<std::string, Entry> files_;                                  // file name -> what it held
};

}  // namespace huddle::scenario
