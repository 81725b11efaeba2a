#include "net/static_files.hpp"

#include <array>
#include <utility>

namespace huddle::net {

namespace fs = std::filesystem;

namespace {
// Decodes %XX escapes; nothing for a malformed escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}
}  // namespace

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = std::move(root);
}

std::optional<fs::path> StaticFiles::resolve(std::string_view target) const {
  target = target.substr(0, target.find_first_of("?#"));
  if (target.empty() || target.front() != '/') return std::nullopt;
  auto decoded = percent_decode(target);
  if (!decoded) return std::nullopt;
  std::string path = *decoded;
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return std::nullopt;
  // Refuse any ".." segment outright instead of normalising it away: no legitimate page needs one.
  for (std::size_t start = 0; start <= path.size();) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (path.compare(start, end - start, "..") == 0) return std::nullopt;
    start = end + 1;
  }
  if (path.back() == '/') path += "index.html";
  fs::path candidate = root_ / fs::path(path).relative_path();
  std::error_code ec;
  // Symlinks are followed, then the result must still be inside the root.
  fs::path real = fs::canonical(candidate, ec);
  if (ec) return std::nullopt;
  auto [root_end, _] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
  if (root_end != root_.end()) return std::nullopt;
  if (!fs::is_regular_file(real, ec)) return std::nullopt;
  return real;
}

std::string_view StaticFiles::content_type(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> types{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
  }};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : types) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

}  // namespace huddle::net
