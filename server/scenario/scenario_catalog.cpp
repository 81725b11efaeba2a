#include "scenario/scenario_catalog.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "scenario/scenario_parser.hpp"

namespace huddle::scenario {

namespace fs = std::filesystem;

// A scenario file larger than this is refused unread; the biggest bundled one is a few tens of KiB.
inline constexpr std::uintmax_t max_scenario_file_bytes = 1024 * 1024;

ScenarioCatalog::ScenarioCatalog(fs::path folder, ErrorSink on_error)
    : folder_(std::move(folder)), on_error_(std::move(on_error)) {}

void ScenarioCatalog::refresh() {
  std::lock_guard lock(mutex_);
  refresh_locked();
}

void ScenarioCatalog::refresh_locked() {
  std::set<std::string> seen;
  std::error_code ec;
  for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& path = it->path();
    if (path.extension() != ".json" || !it->is_regular_file(ec)) continue;
    const std::string name = path.filename().string();
    seen.insert(name);
    const auto mtime = fs::last_write_time(path, ec);
    const auto size = fs::file_size(path, ec);
    if (ec) continue;
    auto found = files_.find(name);
    if (found != files_.end() && found->second.mtime == mtime && found->second.size == size) continue;

    Entry entry{mtime, size, nullptr};
    if (size > max_scenario_file_bytes) {
      on_error_(ScenarioError{name, 0, 0, "", "file is larger than 1 MiB"});
    } else {
      std::ifstream in(path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto parsed = parse_scenario(text.str(), name);
      if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) {
        for (const auto& e : *errors) on_error_(e);
      } else {
        entry.scenario = std::get<std::shared_ptr<const core::Scenario>>(parsed);
      }
    }
    files_[name] = std::move(entry);
  }
  std::erase_if(files_, [&](const auto& kv) { return !seen.contains(kv.first); });
}

std::shared_ptr<const core::Scenario> ScenarioCatalog::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  refresh_locked();
  auto it = files_.find(id + ".json");
  return it == files_.end() ? nullptr : it->second.scenario;
}

std::vector<std::shared_ptr<const core::Scenario>> ScenarioCatalog::list() {
  std::lock_guard lock(mutex_);
  refresh_locked();
  std::vector<std::shared_ptr<const core::Scenario>> out;
  for (const auto& [name, entry] : files_) {
    if (entry.scenario) out.push_back(entry.scenario);
  }
  return out;
}

}  // namespace huddle::scenario
