#pragma once
// The scenarios folder as the server sees it: every valid file by id. It re-reads changed files when asked,
// so facilitators can edit scenarios without a restart; sessions already running keep their own copy.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/scenario.hpp"
#include "scenario/scenario_error.hpp"
#include "scenario/script_folder.hpp"

namespace huddle::scenario {

class ScenarioCatalog {
 public:
  using ErrorSink = std::function<void(const ScenarioError&)>;

  // `on_error` hears about each bad file once per change of that file (the server logs it and skips the file).
  ScenarioCatalog(std::filesystem::path folder, ErrorSink on_error);

  // Rescans the folder: parses new or changed files, forgets deleted ones. Cheap when nothing changed
  // (one stat per file), so it runs before every lookup.
  void refresh();

  std::shared_ptr<const core::Scenario> find(const std::string& id);
  std::vector<std::shared_ptr<const core::Scenario>> list();

 private:
  void refresh_locked();

  ScriptFolder folder_;
  ErrorSink on_error_;
  std::mutex mutex_;
  // File name -> what it held last time it was read; null while the file is invalid.
  std::map<std::string, std::shared_ptr<const core::Scenario>> scenarios_;
};

}  // namespace huddle::scenario
