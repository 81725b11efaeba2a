#include "journal_size.hpp"

#include <filesystem>

namespace huddle::load {

std::optional<std::uintmax_t> journal_bytes(const std::string& data_dir) {
  if (data_dir.empty()) return std::nullopt;
  std::error_code ec;
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir, ec)) {
    if (entry.path().filename().string().rfind("huddle.db", 0) != 0) continue;
    const auto size = entry.file_size(ec);
    if (!ec) total += size;
  }
  if (ec) return std::nullopt;
  return total;
}

}  // namespace huddle::load
