#pragma once
// Maps a request target to a file under the web root, refusing anything that would leave it.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace huddle::net {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // The file a target names ("/" -> index.html, "/css/a.css?v=2" -> css/a.css), or nothing for targets that
  // are malformed, climb out of the root (.., encoded or not), or name no regular file.
  std::optional<std::filesystem::path> resolve(std::string_view target) const;

  static std::string_view content_type(const std::filesystem::path& file);

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace huddle::net
