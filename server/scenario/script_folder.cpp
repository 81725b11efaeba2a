#include "scenario/script_folder.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace huddle::scenario {

namespace fs = std::filesystem;

ScriptFolder::ScriptFolder(fs::path folder) : folder_(std::move(folder)) {}

ScriptFolder::Scan ScriptFolder::scan() {
  Scan out;
  std::map<std::string, Seen> now;
  std::error_code ec;
  for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& path = it->path();
    std::error_code file_ec;
    if (path.extension() != ".json" || !it->is_regular_file(file_ec)) continue;
    const std::string name = path.filename().string();
    const auto mtime = fs::last_write_time(path, file_ec);
    const auto size = fs::file_size(path, file_ec);
    if (file_ec) {
      // Being replaced right now, say: what was read last time still stands until the next scan.
      if (auto known = files_.find(name); known != files_.end()) now.insert(*known);
      continue;
    }
    now[name] = Seen{mtime, size};
    auto found = files_.find(name);
    if (found != files_.end() && found->second.mtime == mtime && found->second.size == size) continue;
    Changed changed{name, std::nullopt};
    if (size <= max_script_file_bytes) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      changed.text = text.str();
    }
    out.changed.push_back(std::move(changed));
  }
  std::sort(out.changed.begin(), out.changed.end(),
            [](const Changed& a, const Changed& b) { return a.name < b.name; });
  for (const auto& [name, seen] : files_) {
    if (!now.contains(name)) out.removed.push_back(name);
  }
  files_ = std::move(now);
  return out;
}

}  // namespace huddle::scenario
