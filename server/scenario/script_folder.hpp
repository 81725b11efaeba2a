#pragma once
// The *.json files directly in one folder, as last seen: each scan reads only the files that are new or
// changed since the one before (by modification time and size, one stat per file) and names the ones that
// are gone. Both catalogs (scenarios, programmes) watch their folder with one, so facilitators can edit
// files without a restart. Not thread-safe: its catalog's lock covers it.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace huddle::scenario {

// A script file larger than this is refused unread; the biggest bundled one is a few tens of KiB.
inline constexpr std::uintmax_t max_script_file_bytes = 1024 * 1024;

class ScriptFolder {
 public:
  explicit ScriptFolder(std::filesystem::path folder);

  struct Changed {
    std::string name;                 // "first-time-manager.json"
    std::optional<std::string> text;  // nullopt when the file is larger than max_script_file_bytes
  };
  struct Scan {
    std::vector<Changed> changed;      // new or changed since the last scan, in name order
    std::vector<std::string> removed;  // gone since the last scan
  };

  // A folder that doesn't exist holds no files (its files count as removed if it had some before).
  Scan scan();

 private:
  struct Seen {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
  };
  std::filesystem::path folder_;
  std::map<std::string, Seen> files_;
};

}  // namespace huddle::scenario
